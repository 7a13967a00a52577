import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The worker's own figures, which no database query can see: how the ingest buffer batches and how long
 * a batch takes to commit. Served by metrics-server.ts when WORKER_METRICS_PORT is set.
 */
export const workerRegistry = new Registry();
workerRegistry.setDefaultLabels({ process: 'worker' });

/** Live buffers of this process (one per running session; a lost lease leaves the old one to be collected). */
const buffers = new Set<WeakRef<{ readonly size: number }>>();

export const ingestMetrics = {
  batchSize: new Histogram({
    name: 'tuki_ingest_batch_size',
    help: 'Events per committed ingest batch (messages, acks, edits, revokes before de-duplication).',
    buckets: [1, 5, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10000],
    registers: [workerRegistry],
  }),
  batchSeconds: new Histogram({
    name: 'tuki_ingest_batch_duration_seconds',
    help: 'Time to commit one ingest batch (one transaction).',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [workerRegistry],
  }),
  stored: new Counter({
    name: 'tuki_ingest_messages_stored_total',
    help: 'Messages stored for the first time (duplicates and replays excluded).',
    registers: [workerRegistry],
  }),
  failures: new Counter({
    name: 'tuki_ingest_batch_failures_total',
    help: 'Ingest batches that failed and were kept for a retry (database unreachable…).',
    registers: [workerRegistry],
  }),
  dropped: new Counter({
    name: 'tuki_ingest_events_dropped_total',
    help: 'Events dropped because the buffer was full; a catch-up sync refetches them.',
    registers: [workerRegistry],
  }),
  buffered: new Gauge({
    name: 'tuki_ingest_events_buffered',
    help: 'Events received and not yet committed.',
    registers: [workerRegistry],
    collect() {
      let total = 0;
      for (const ref of buffers) {
        const buffer = ref.deref();
        if (buffer) total += buffer.size;
        else buffers.delete(ref);
      }
      this.set(total);
    },
  }),
  track(buffer: { readonly size: number }): void {
    buffers.add(new WeakRef(buffer));
  },
  committed(events: number, stored: number, seconds: number): void {
    this.batchSize.observe(events);
    this.batchSeconds.observe(seconds);
    this.stored.inc(stored);
  },
};

/** Sync steps that failed and were skipped so the rest of the sync (the catch-up above all) still ran. */
export const syncStepFailures = new Counter({
  name: 'tuki_sync_step_failures_total',
  help: 'Sync steps (contacts, group flags, one chat catch-up) that failed; the session last_error says which.',
  labelNames: ['step'],
  registers: [workerRegistry],
});
