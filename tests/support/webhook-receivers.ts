import { parseNetworks } from '../../lib/net/networks';
import type { TargetPolicy } from '../../lib/webhooks/target';

/** Test receivers listen on 127.0.0.1: the policy a deployment gets with WEBHOOK_ALLOWED_NETWORKS=127.0.0.1. */
export const LOOPBACK_RECEIVERS: TargetPolicy = {
  allowHttp: true,
  allowedNetworks: parseNetworks('127.0.0.1'),
};
