import type { Logger } from '../lib/log';
import { reportFailure, type WorkerOperation } from './metrics/failures';
import { Wakeup } from './sleep';

/** Wakes every lane of a job loop (a NOTIFY, a poke after a commit). */
export class JobWakeup {
  private readonly lanes = new Set<Wakeup>();

  wake(): void {
    for (const lane of this.lanes) lane.wake();
  }

  lane(): Wakeup {
    const wakeup = new Wakeup();
    this.lanes.add(wakeup);
    return wakeup;
  }
}

/**
 * The worker's one background-job loop: `step` claims and does one piece of work (claims are FOR UPDATE SKIP
 * LOCKED in lib/), answering whether it found any; when it found none, the lane waits for a wake-up or
 * `idleMs`. `concurrency` lanes run side by side. A failing step is reported
 * (`tuki_worker_failures_total{operation}`) and retried after the idle wait, never ending the loop.
 */
export async function runJobLoop(
  job: {
    operation: WorkerOperation;
    log: Logger;
    wakeup: JobWakeup;
    idleMs: number;
    concurrency?: number;
  },
  step: () => Promise<boolean>,
  signal: AbortSignal,
): Promise<void> {
  const lane = async () => {
    const wakeup = job.wakeup.lane();
    while (!signal.aborted) {
      const worked = await step().catch((error: unknown) => {
        reportFailure(job.log, job.operation, error, `${job.operation} failed; retrying`);
        return false;
      });
      if (!worked) await wakeup.wait(job.idleMs, signal);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, job.concurrency ?? 1) }, lane));
}
