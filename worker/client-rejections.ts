import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from '../lib/log';
import { reportFailure } from './metrics/failures';

/** Who answers for an unhandled rejection raised by one WhatsApp client's own async work. */
export interface ClientOwner {
  onRejection: (reason: unknown) => void;
}

const owners = new AsyncLocalStorage<ClientOwner>();

/**
 * Runs a client's start inside its owner's async context. Everything the library does for that client
 * afterwards inherits it: Puppeteer's browser process and CDP socket are created during the launch, so the
 * library's event handlers (inject() throwing 'auth timeout'/'ready timeout'), and every evaluate they start,
 * run in it. Node emits `unhandledRejection` in the async context where the rejected promise was created,
 * so the handler below can tell which number's client a stray rejection came from.
 */
export function runAsClient<T>(owner: ClientOwner, fn: () => T): T {
  return owners.run(owner, fn);
}

/**
 * Our listener of a client's events, run outside every client's context. The library emits its events from
 * inside the client's context, so whatever our handling first opens there (a pool's database socket opened by
 * an ingest flush, a timer, a retry) would carry that client as its owner for good: a stray rejection born
 * in it later, on any number's behalf, would restart that one client, and a replaced client's would be
 * ignored. Our code is not the library's work and must be attributed as nobody's.
 */
export function outsideClients<A extends unknown[], R>(listener: (...args: A) => R): (...args: A) => R {
  return (...args) => owners.exit(() => listener(...args));
}

/**
 * `process.on('unhandledRejection')` of a worker running several numbers. A rejection created in one
 * client's context restarts that client only (its owner decides, and ignores one from a client it already
 * replaced: "Target closed" keeps arriving from a page that is gone). One created outside every client's
 * context is logged and counted, and nothing is restarted: it is not the library's (whose work all runs in a
 * client's context), restarting every number for it would reconnect N healthy clients to WhatsApp at once,
 * and a client that is really broken is still caught by its own watchdog and `ready` deadline.
 */
export function handleUnhandledRejection(log: Logger, reason: unknown): void {
  const owner = owners.getStore();
  if (owner) {
    owner.onRejection(reason);
    return;
  }
  reportFailure(
    log,
    'stray_rejection',
    reason,
    'unhandled rejection outside every WhatsApp client; no client restarted',
  );
}

export function rejectionText(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}
