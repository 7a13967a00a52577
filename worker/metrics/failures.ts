import { Counter } from 'prom-client';
import type { Logger } from '../../lib/log';
import { workerRegistry } from './ingest-metrics';

/** Background work of the worker whose failure is survived (retried, or not essential) but never silent. */
export type WorkerOperation =
  | 'sync'
  | 'ack_hook'
  | 'tick'
  | 'client_stop'
  | 'heartbeat'
  | 'outbox_step'
  | 'webhook_pass'
  | 'restart_count'
  | 'lease_acquire'
  | 'lease_release'
  | 'listen'
  | 'unlisten'
  | 'metrics'
  | 'lid_lookup'
  | 'shutdown'
  | 'message_processing'
  | 'media_download'
  | 'pool'
  | 'session_status'
  /** An unhandled rejection from a number's WhatsApp client: that client was restarted. */
  | 'unhandled_rejection'
  /** One from a client already replaced, or from no client at all: logged, nothing restarted. */
  | 'stray_rejection';

export const failureMetrics = {
  failures: new Counter({
    name: 'tuki_worker_failures_total',
    help: 'Background operations of the worker that failed and were logged instead of stopping it.',
    labelNames: ['operation'] as const,
    registers: [workerRegistry],
  }),
  parked: new Counter({
    name: 'tuki_messages_parked_total',
    help: 'Messages whose processing failed on its own retry and were parked for a person to replay.',
    registers: [workerRegistry],
  }),
};

/** Logs a survived failure with what was being done, and counts it by operation. */
export function reportFailure(
  log: Logger,
  operation: WorkerOperation,
  error: unknown,
  message: string,
  context: Record<string, unknown> = {},
): void {
  failureMetrics.failures.inc({ operation });
  log.warn({ ...context, err: error, operation }, message);
}
