import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { inNetworks, isPublicAddress, type Networks, parseNetworks } from '../net/networks';

/**
 * Where outbound webhooks may go. A `write` key registers the URL and the worker POSTs from inside the
 * network, so without this check a webhook is a request forgery into loopback, the cloud metadata service or
 * the private network. Only public unicast addresses pass, unless an operator lists a network in
 * `WEBHOOK_ALLOWED_NETWORKS`; the address checked is the address connected to (see `resolveTarget`).
 */
export interface TargetPolicy {
  allowHttp: boolean;
  /** CIDRs whose addresses are allowed even though they are private, loopback or otherwise not public. */
  allowedNetworks: Networks;
}

/** Why a delivery did not reach its receiver: a short class, never the receiver's words. */
export type TargetErrorClass = 'insecure_scheme' | 'dns_failed' | 'blocked_address';

export class TargetRefused extends Error {
  constructor(readonly errorClass: TargetErrorClass) {
    super(errorClass);
    this.name = 'TargetRefused';
  }
}

export function targetPolicyFrom(config: {
  NODE_ENV: string;
  WEBHOOK_ALLOW_HTTP?: boolean;
  WEBHOOK_ALLOWED_NETWORKS?: string;
}): TargetPolicy {
  return {
    allowHttp: config.WEBHOOK_ALLOW_HTTP ?? config.NODE_ENV !== 'production',
    allowedNetworks: parseNetworks(config.WEBHOOK_ALLOWED_NETWORKS ?? ''),
  };
}

export function isAllowedAddress(address: string, policy: TargetPolicy): boolean {
  return isPublicAddress(address) || inNetworks(address, policy.allowedNetworks);
}

/**
 * The address to connect to for `url`, after checking every address its host resolves to (one private answer
 * among public ones refuses the whole host: a resolver may rotate them). The caller connects to exactly this
 * address, so a DNS answer that changes between the check and the connect cannot redirect the request.
 */
export async function resolveTarget(
  url: URL,
  policy: TargetPolicy,
): Promise<{ address: string; family: 4 | 6 }> {
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp))
    throw new TargetRefused('insecure_scheme');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(host);
  const addresses = literal
    ? [{ address: host, family: literal }]
    : await lookup(host, { all: true, verbatim: true }).catch(() => {
        throw new TargetRefused('dns_failed');
      });
  if (addresses.length === 0) throw new TargetRefused('dns_failed');
  if (!addresses.every((a) => isAllowedAddress(a.address, policy)))
    throw new TargetRefused('blocked_address');
  const first = addresses[0]!;
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}
