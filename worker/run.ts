import type { Config } from '../lib/config';
import type { Db, Sql } from '../lib/db';
import type { Logger } from '../lib/log';
import { targetPolicyFrom } from '../lib/webhooks/target';
import { acquireLease, ensureSession, releaseLease, renewLease } from '../lib/whatsapp/sessions/lease';
import type { DomainHooks } from './hooks';
import { reportFailure } from './metrics/failures';
import type { PaceSettings } from './outbox/pacer';
import { SessionRunner } from './session-runner';
import { sleep } from './sleep';
import { runWebhookLoop } from './webhook-loop';
import type { DriverFactory } from './whatsapp/create-driver';

export interface WorkerContext {
  db: Db;
  sql: Sql;
  config: Config;
  log: Logger;
  owner: string;
  signal: AbortSignal;
  drivers: DriverFactory;
  hooks: DomainHooks;
  pace: () => PaceSettings;
}

/**
 * Holds the session's lease (waiting while another worker has it) and heartbeats it. The WhatsApp client
 * runs only while the lease is ours; losing it (e.g. after a long pause) stops the client at once.
 */
export async function runWorker(ctx: WorkerContext): Promise<void> {
  const { db, config, log, owner, signal } = ctx;
  const session = await ensureSession(db, config.WA_SESSION);
  const leaseSeconds = config.WORKER_LEASE_SECONDS;
  const beatMs = Math.min(config.WORKER_HEARTBEAT_SECONDS * 1000, (leaseSeconds * 1000) / 3);
  let announcedWaiting = false;
  const webhooks = runWebhookLoop({ ...ctx, targetPolicy: targetPolicyFrom(config) }, signal);

  while (!signal.aborted) {
    const acquired = await acquireLease(db, session.id, owner, leaseSeconds).catch((error: unknown) => {
      // Database unreachable: wait and try again like a standby.
      reportFailure(log, 'lease_acquire', error, 'could not take the session lease; retrying');
      return false;
    });
    if (!acquired) {
      if (!announcedWaiting)
        log.info({ session: session.name }, 'another worker holds this session; waiting');
      announcedWaiting = true;
      await sleep(Math.min(2000, beatMs), signal);
      continue;
    }
    announcedWaiting = false;
    log.info({ session: session.name, owner }, 'session lease acquired');
    ctx.drivers.onLeaseAcquired();

    const running = new AbortController();
    const stop = () => running.abort();
    signal.addEventListener('abort', stop, { once: true });
    const runner = new SessionRunner({
      ...ctx,
      sessionId: session.id,
      createDriver: ctx.drivers.create,
      qrTtlMs: ctx.drivers.qrTtlMs,
    });
    const done = runner.run(running.signal);
    // Fencing: a standby may take the session once our lease expires. If renewals keep failing (a database
    // we cannot reach, a hung query), our client must be closed BEFORE that moment, never after: one beat
    // before expiry at the latest, so two clients never share the number or the profile.
    let fence: NodeJS.Timeout | undefined;
    const armFence = () => {
      clearTimeout(fence);
      fence = setTimeout(
        () => {
          log.error(
            { session: session.name, leaseSeconds },
            'could not renew the lease in time; stopping the client before a standby takes over',
          );
          stop();
        },
        Math.max(leaseSeconds * 1000 - beatMs, beatMs / 2),
      );
    };
    armFence();
    while (!running.signal.aborted) {
      await sleep(beatMs, running.signal);
      if (running.signal.aborted) break;
      const stats = {
        workerRssMb: Math.round(process.memoryUsage().rss / 1048576),
        chromiumRssMb: runner.chromiumRssMb(),
      };
      const held = await renewLease(db, session.id, owner, leaseSeconds, stats).catch((error: unknown) => {
        // A database blip does not drop the lease by itself; the fence stops the client if it lasts.
        reportFailure(log, 'heartbeat', error, 'heartbeat failed; retrying');
        return 'unknown' as const;
      });
      if (held === true) armFence();
      if (held === false) {
        log.warn({ session: session.name }, 'lease lost to another worker; stopping the client');
        stop();
      }
    }
    clearTimeout(fence);
    signal.removeEventListener('abort', stop);
    await done;
  }
  await releaseLease(db, session.id, owner).catch((error: unknown) =>
    // The lease then expires after WORKER_LEASE_SECONDS and a standby takes over a little later.
    reportFailure(log, 'lease_release', error, 'could not release the session lease'),
  );
  await webhooks;
}
