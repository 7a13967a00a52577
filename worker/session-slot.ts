import { releaseLease, renewLease } from '../lib/whatsapp/sessions/lease';
import { settleDeletedNumber } from '../lib/whatsapp/sessions/leftover-commands';
import { updateSession } from '../lib/whatsapp/sessions/state';
import { reportFailure } from './metrics/failures';
import type { WorkerContext } from './run';
import { SessionRunner } from './session-runner';
import { sleep } from './sleep';

/**
 * One number run by this worker while it holds the number's lease: its SessionRunner (client, ingest,
 * outbox) plus the heartbeat that renews the lease. Fencing is per number: if renewals keep failing (a
 * database we cannot reach, a hung query) the client is closed one beat before the lease would expire, never
 * after, so a worker that takes the number over never shares it (or its Chromium profile) with this one.
 */
export class SessionSlot {
  private readonly running = new AbortController();
  private stopReason: string | undefined;
  private readonly forget: () => Promise<void>;
  readonly runner: SessionRunner;

  constructor(
    private readonly ctx: WorkerContext,
    readonly session: { id: number; name: string },
    private readonly timing: { leaseSeconds: number; beatMs: number },
  ) {
    const log = ctx.log.child({ session: session.name });
    const drivers = ctx.drivers.forSession(session);
    this.forget = drivers.forget;
    drivers.onLeaseAcquired();
    this.runner = new SessionRunner({
      ...ctx,
      log,
      sessionId: session.id,
      createDriver: drivers.create,
      qrTtlMs: ctx.drivers.qrTtlMs,
    });
  }

  /**
   * Ends the client (flushing what is buffered) and releases the lease; `run()` resolves once done. A deleted
   * number signs its device out of WhatsApp first, so it does not stay among the phone's Linked devices (a
   * shutdown meanwhile ends it at once).
   */
  stop(reason: string): void {
    if (this.running.signal.aborted) return;
    // Signing a deleted number out: a purge removed its row, so the heartbeat finds no lease to renew, yet no
    // other worker can take a number that is gone. Cutting the sign-out short then would leave the device
    // linked on the phone. Only a shutdown ends it early.
    if (this.stopReason === 'deleted' && (reason === 'lease lost' || reason === 'fenced')) return;
    if (reason === 'deleted') {
      if (this.stopReason === 'deleted') return;
      this.stopReason = reason;
      void this.runner.signOut().finally(() => this.running.abort());
      return;
    }
    this.stopReason = reason;
    // Another worker may open this number's profile as soon as the lease expires (fenced) or already has it.
    if (reason === 'lease lost' || reason === 'fenced') this.runner.fence();
    this.running.abort();
  }

  async run(): Promise<void> {
    const { db, owner } = this.ctx;
    const { leaseSeconds, beatMs } = this.timing;
    const log = this.ctx.log.child({ session: this.session.name });
    const done = this.runner.run(this.running.signal);
    let fence: NodeJS.Timeout | undefined;
    const armFence = () => {
      clearTimeout(fence);
      fence = setTimeout(
        () => {
          log.error(
            { leaseSeconds },
            'could not renew the lease in time; stopping the client before another worker takes over',
          );
          this.stop('fenced');
        },
        Math.max(leaseSeconds * 1000 - beatMs, beatMs / 2),
      );
    };
    armFence();
    let lost = false;
    while (!this.running.signal.aborted) {
      await sleep(beatMs, this.running.signal);
      if (this.running.signal.aborted) break;
      const stats = {
        workerRssMb: Math.round(process.memoryUsage().rss / 1048576),
        chromiumRssMb: this.runner.chromiumRssMb(),
      };
      const held = await renewLease(db, this.session.id, owner, leaseSeconds, stats).catch(
        (error: unknown) => {
          // A database blip does not drop the lease by itself; the fence stops the client if it lasts.
          reportFailure(log, 'heartbeat', error, 'heartbeat failed; retrying');
          return 'unknown' as const;
        },
      );
      if (held === true) armFence();
      if (held === false && this.stopReason !== 'deleted') {
        log.warn('lease lost to another worker; stopping the client');
        lost = true;
        this.stop('lease lost');
      }
    }
    clearTimeout(fence);
    await done;
    if (this.stopReason === 'stopped from the dashboard') {
      // The client is closed: no QR or pairing code stays on the page as if it were live.
      await updateSession(db, this.session.id, {
        status: 'disconnected',
        qr: null,
        qrExpiresAt: null,
        pairingCode: null,
        lastError: null,
      }).catch((error: unknown) =>
        reportFailure(log, 'session_status', error, 'could not record the stopped session'),
      );
    }
    if (this.stopReason === 'deleted') {
      await this.forget().catch((error: unknown) =>
        reportFailure(log, 'client_stop', error, 'could not remove the deleted number’s browser profile'),
      );
      // Our outbox has stopped: what it put back in the queue on the way out (a page that closed under a
      // command) or left claimed would wait for ever. Should this fail, the pool's sweep settles it later.
      await settleDeletedNumber(db, this.session.id, { owner })
        .then((settled) => settled > 0 && log.info({ settled }, 'settled the deleted number’s open commands'))
        .catch((error: unknown) =>
          reportFailure(log, 'outbox_step', error, 'could not settle the deleted number’s open commands'),
        );
    }
    if (!lost)
      await releaseLease(db, this.session.id, owner).catch((error: unknown) =>
        // The lease then expires after WORKER_LEASE_SECONDS and another worker takes over a little later.
        reportFailure(log, 'lease_release', error, 'could not release the session lease'),
      );
    log.info({ reason: this.stopReason }, 'session stopped on this worker');
  }
}
