import type { Config } from '../lib/config';
import type { Db, Sql } from '../lib/db';
import type { Logger } from '../lib/log';
import { treePssMb } from '../lib/process/proc-tree';
import { pendingPairingPhone, updateSession } from '../lib/whatsapp/sessions/state';
import type { SessionStatus } from '../lib/whatsapp/sessions/status';
import { outsideClients, rejectionText, runAsClient } from './client-rejections';
import { formatPairingCode, permanentFailure } from './connection-policy';
import type { DomainHooks } from './hooks';
import { IngestBuffer } from './ingest/ingest-buffer';
import type { LidCache } from './lid-chats';
import { MediaDownloader } from './media-downloader';
import { MemoryGuard } from './memory-guard';
import { reportFailure } from './metrics/failures';
import { OutboxExecutor } from './outbox/executor';
import { Pacer, type PaceSettings } from './outbox/pacer';
import { MessageProcessors } from './processors';
import { sleep } from './sleep';
import { syncAndCatchUp, syncGroup } from './sync';
import type { DriverEvent, WhatsAppDriver } from './whatsapp/port';

export interface RunnerDeps {
  db: Db;
  sql: Sql;
  config: Config;
  log: Logger;
  owner: string;
  sessionId: number;
  hooks: DomainHooks;
  createDriver: () => WhatsAppDriver;
  pace: () => PaceSettings;
  /** How long a QR stays valid once shown (whatsapp-web.js rotates it about every 20 s). */
  qrTtlMs: number;
}

/** Disconnect reasons after which only a person (a new QR scan) can bring the session back. */
const NEEDS_NEW_LINK = new Set(['LOGOUT', 'UNPAIRED', 'UNPAIRED_IDLE']);

/**
 * Runs one WhatsApp session while this worker holds its lease: starts a client, persists every lifecycle
 * change, feeds events into the ingest buffer, syncs on every `ready`, and restarts the client (a NEW one,
 * after destroying the old) with exponential backoff when it dies, hangs or grows too big.
 */
export class SessionRunner {
  status: SessionStatus = 'starting';
  /** Last status announced to webhooks, so a rotating QR does not announce `qr` again and again. */
  private announced: SessionStatus | undefined;
  /**
   * Status writes, one after another. Driver events call setStatus without waiting (`authenticated` and, 50 ms
   * later, `ready`): on a pool each write may take its own connection, and a slow first one would land last
   * and leave the row (and every dashboard badge) on `authenticated` while the client is ready.
   */
  private statusWrites: Promise<void> = Promise.resolve();
  private driver: WhatsAppDriver | undefined;
  private endClient: ((reason: string) => void) | undefined;
  private readyTimer: NodeJS.Timeout | undefined;
  private qrIdleTimer: NodeJS.Timeout | undefined;
  private syncing: Promise<{ chats: number }> | undefined;
  private syncAgain = false;
  private restartWaiter: (() => void) | undefined;
  private pairingPhone: string | undefined;
  /**
   * The outbox, the message processors, the downloads and the domain ticks. Aborted by the run's signal, or
   * earlier by signOut(): a deleted number claims and sends nothing more while its device is signed out.
   */
  private readonly work = new AbortController();
  private background: Promise<unknown> = Promise.resolve();
  /** A deleted number is being signed out: no client is restarted for it, and its disconnect is expected. */
  private signingOut = false;
  /**
   * A logout command's `logout()`, until it returns: the library reports the sign-out (the browser closing)
   * before it deletes the profile, and the next client must not start in a folder being deleted.
   */
  private loggingOut: Promise<unknown> | undefined;
  /** The lease is, or is about to be, another worker's: the client is killed, not closed at leisure. */
  private fenced = false;
  /** LID lookups outlive client restarts: WhatsApp is not asked twice about the same id. */
  private readonly lids: LidCache = new Map();
  private readonly memory: MemoryGuard;
  readonly buffer: IngestBuffer;
  readonly executor: OutboxExecutor;
  readonly processors: MessageProcessors;
  readonly media: MediaDownloader;

  constructor(private readonly d: RunnerDeps) {
    this.memory = new MemoryGuard(d.config.CHROMIUM_MAX_RSS_MB);
    this.processors = new MessageProcessors(d);
    this.media = new MediaDownloader({ ...d, driver: () => this.driver, status: () => this.workStatus() });
    this.buffer = new IngestBuffer({
      sql: d.sql,
      sessionId: d.sessionId,
      log: d.log,
      maxBatch: d.config.INGEST_BATCH_SIZE,
      maxDelayMs: d.config.INGEST_BATCH_MS,
      capacity: d.config.INGEST_BUFFER_CAPACITY,
      onCommitted: (result) => {
        if (result.inserted > 0 || result.surfaced > 0) this.processors.poke();
        if (result.inserted > 0) this.media.poke();
        if (result.ackedOwnProtocolIds.length > 0) {
          void d.hooks
            .onOutgoingAcks(d.db, { sessionId: d.sessionId, protocolIds: result.ackedOwnProtocolIds })
            .catch((error: unknown) => reportFailure(d.log, 'ack_hook', error, 'ack hook failed'));
        }
      },
      onOverflowRecovered: () =>
        void this.sync().catch((error: unknown) =>
          reportFailure(d.log, 'sync', error, 'catch-up sync after a buffer overflow failed'),
        ),
    });
    this.executor = new OutboxExecutor({
      ...d,
      pacer: new Pacer(d.pace),
      driver: () => this.driver,
      status: () => this.workStatus(),
      syncChats: () => this.sync(),
      syncGroup: async (chatId) => {
        const driver = this.driver;
        if (driver) await syncGroup({ ...this.d, driver, lids: this.lids }, chatId);
      },
      restart: async (reason) => this.restart(reason),
      logout: async () => {
        this.pairingPhone = undefined;
        const done = this.driver?.logout();
        this.loggingOut = done?.catch(() => {});
        try {
          await done;
        } finally {
          this.loggingOut = undefined;
        }
      },
      pairByPhone: async (phone) => {
        this.pairingPhone = phone;
        await updateSession(d.db, d.sessionId, { pairingPhone: phone });
      },
    });
  }

  /**
   * The status the outbox and the downloads go by. Between a client that died and the next one (the restart
   * backoff) the last status is still `ready` but there is no client: work claimed then would fail for no
   * reason of its own, so it waits as it would while disconnected.
   */
  private workStatus(): SessionStatus {
    return this.driver ? this.status : 'disconnected';
  }

  /** Browser memory (PSS, shared pages counted once) for the heartbeat and the memory watchdog. */
  chromiumRssMb(): number | null {
    const pid = this.driver?.browserPid();
    return pid ? treePssMb(pid) : null;
  }

  /**
   * A deleted number: sign the device out of WhatsApp while its client is linked and running (whatsapp-web.js
   * then deletes the browser profile too). A client that is not ready has no page to sign out from.
   * Work stops first: a send that comes due meanwhile must not go out from a deleted number, and the one in
   * flight finishes before the page goes. whatsapp-web.js closes the browser inside logout(), before it
   * returns: that disconnect is the sign-out itself, so no new client (no new Chromium) is started for it.
   */
  async signOut(): Promise<void> {
    this.signingOut = true;
    this.work.abort();
    await Promise.race([this.background, sleep(10_000)]);
    const driver = this.driver;
    if (!driver || this.status !== 'ready') return;
    this.pairingPhone = undefined;
    try {
      await Promise.race([driver.logout(), sleep(15_000)]);
      await this.setStatus('logged_out', { lastError: null });
    } catch (error) {
      reportFailure(this.d.log, 'client_stop', error, 'could not sign the deleted number out of WhatsApp');
    }
  }

  /** Before the run's signal is aborted for a fenced or lost lease: the browser must go at once. */
  fence(): void {
    this.fenced = true;
  }

  restart(reason: string): void {
    this.restartWaiter?.();
    this.endClient?.(`restart: ${reason}`);
  }

  async run(signal: AbortSignal): Promise<void> {
    // Read before the outbox runs, so a pairing request claimed right now is not overwritten by the old value.
    this.pairingPhone = await pendingPairingPhone(this.d.db, this.d.sessionId);
    if (signal.aborted) this.work.abort();
    else signal.addEventListener('abort', () => this.work.abort(), { once: true });
    const work = this.work.signal;
    this.background = Promise.allSettled([
      this.executor.run(work),
      this.processors.run(work),
      this.media.run(work),
      this.tickLoop(work),
    ]);
    let failures = 0;
    while (!signal.aborted && !this.signingOut) {
      const reason = await this.runClientOnce(signal);
      if (signal.aborted || this.signingOut) break;
      if (reason === 'logged_out' || reason.startsWith('restart:')) {
        failures = 0;
        await sleep(500, signal);
        continue;
      }
      if (reason.startsWith('memory:')) {
        // Planned, but not a success: the failure count is left as it was (a memory restart must not wipe
        // the evidence of a client that also keeps dying), and MemoryGuard spaces these out.
        await sleep(500, signal);
        continue;
      }
      if (reason.startsWith('failed:')) {
        // Already `failed` with a hint (a blocked number, a refused version): wait for a person.
        await this.waitForRestart(signal);
        failures = 0;
        continue;
      }
      failures++;
      // The client is gone until the next one is up: the number must not go on saying `ready` through the
      // backoff (up to a minute), to the dashboard, the status API and `session.status` webhooks. A
      // disconnect or a failed start said so already, in its own words: those are kept.
      if (this.status !== 'disconnected') await this.setStatus('disconnected', { lastError: reason });
      await updateSession(this.d.db, this.d.sessionId, { consecutiveRestarts: failures }).catch(
        (error: unknown) =>
          // Only the dashboard's restart counter is stale; the count that decides giving up is `failures`.
          reportFailure(this.d.log, 'restart_count', error, 'could not record the restart count'),
      );
      if (failures >= this.d.config.WA_MAX_RESTARTS) {
        await this.setStatus('failed', {
          lastError: `${reason} — gave up after ${failures} restarts in a row; press "Reiniciar" once the cause is fixed.`,
        });
        await this.waitForRestart(signal);
        failures = 0;
        continue;
      }
      const backoff = Math.min(1000 * 2 ** (failures - 1), 60_000);
      this.d.log.warn({ reason, failures, backoffMs: backoff }, 'WhatsApp client ended; restarting');
      await sleep(backoff, signal);
    }
    await this.buffer.drain(10_000);
    await this.background;
  }

  private waitForRestart(signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      this.restartWaiter = resolve;
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
  }

  /**
   * One deadline from start() to `ready`: WhatsApp Web can hang on the loading screen before `authenticated`
   * (the library's page load has no timeout), or inject nothing after it. Loading progress re-arms it; a QR or
   * a pairing code on screen stops it (a person is needed, not a restart).
   */
  private armReadyDeadline(why: string): void {
    clearTimeout(this.readyTimer);
    this.readyTimer = setTimeout(
      () => this.endClient?.(`${why} within ${this.d.config.WA_READY_TIMEOUT_SECONDS} s`),
      this.d.config.WA_READY_TIMEOUT_SECONDS * 1000,
    );
  }

  /** The library's QR refresh silently stops (UNPAIRED_IDLE): a QR that stops rotating means a new client. */
  private armQrIdle(): void {
    clearTimeout(this.qrIdleTimer);
    this.qrIdleTimer = setTimeout(
      () => this.endClient?.('restart: the QR stopped rotating (UNPAIRED_IDLE)'),
      this.d.qrTtlMs * 3,
    );
  }

  private async runClientOnce(signal: AbortSignal): Promise<string> {
    const driver = this.d.createDriver();
    this.driver = driver;
    this.executor.resetReconciliation();
    let onAbort: () => void = () => {};
    const ended = new Promise<string>((resolve) => {
      this.endClient = resolve;
      onAbort = () => resolve('shutdown');
      signal.addEventListener('abort', onAbort, { once: true });
    });
    await this.setStatus('starting', { qr: null, qrExpiresAt: null, pairingCode: null });
    let watchdog: NodeJS.Timeout | undefined;
    try {
      this.armReadyDeadline('WhatsApp Web did not load (no QR, no ready)');
      // A start() that hangs (the page load never ends) must not hold up the deadline or a shutdown.
      const started = runAsClient({ onRejection: (reason) => this.onRejection(driver, reason) }, () =>
        driver.start(
          outsideClients((event) => this.onEvent(event)),
          { pairingPhone: this.pairingPhone },
        ),
      );
      const early = await Promise.race([started.then(() => null), ended]);
      if (early !== null) return early;
      watchdog = setInterval(() => void this.watchdog(driver), this.d.config.WA_WATCHDOG_SECONDS * 1000);
      return await ended;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.setStatus(isPermanent(message) ? 'failed' : 'disconnected', { lastError: message });
      this.d.log.error({ err: message }, 'WhatsApp client failed to start');
      return `start failed: ${message}`;
    } finally {
      signal.removeEventListener('abort', onAbort);
      if (watchdog) clearInterval(watchdog);
      clearTimeout(this.readyTimer);
      clearTimeout(this.qrIdleTimer);
      this.endClient = undefined;
      this.driver = undefined;
      await driver
        .stop({ kill: this.fenced })
        .catch((error: unknown) => reportFailure(this.d.log, 'client_stop', error, 'client destroy failed'));
      // Bounded like the deleted number's sign-out: a logout that hangs must not hold the number forever.
      if (this.loggingOut) await Promise.race([this.loggingOut, sleep(15_000)]);
    }
  }

  /**
   * An unhandled rejection raised by one of this number's clients. From the running one it ends that client
   * (a new one is built, as after "Target closed"); from one already replaced it is only logged: Puppeteer
   * keeps rejecting the calls of a page that is gone, and restarting the new client for those would loop.
   */
  private onRejection(driver: WhatsAppDriver, reason: unknown): void {
    if (driver !== this.driver) {
      reportFailure(
        this.d.log,
        'stray_rejection',
        reason,
        'unhandled rejection from a replaced client; ignored',
      );
      return;
    }
    reportFailure(
      this.d.log,
      'unhandled_rejection',
      reason,
      'unhandled rejection from the WhatsApp client; restarting it',
    );
    this.endClient?.(`fatal: unhandled rejection: ${rejectionText(reason)}`);
  }

  private async watchdog(driver: WhatsAppDriver): Promise<void> {
    // Signing out, the page answers slowly or not at all (the library closes the browser): not a hang.
    if (this.signingOut) return;
    const state = await Promise.race([
      driver.getState().catch((error: unknown) => `error: ${error instanceof Error ? error.message : error}`),
      sleep(10_000).then(() => 'timeout'),
    ]);
    if (state === 'timeout' || (typeof state === 'string' && state.startsWith('error'))) {
      this.d.log.warn({ state }, 'watchdog: client unresponsive');
      this.endClient?.(`watchdog: getState ${state}`);
      return;
    }
    const mb = this.chromiumRssMb();
    if (mb === null) return;
    const verdict = this.memory.check(mb);
    if (verdict === 'held') {
      this.d.log.warn(
        { pssMb: mb, backoffMs: this.memory.backoffMs },
        'watchdog: Chromium memory over the cap again soon after a memory restart; waiting before another',
      );
    } else if (verdict === 'restart') {
      this.d.log.warn({ pssMb: mb }, 'watchdog: Chromium memory over the cap; restarting the client');
      this.endClient?.(`memory: Chromium used ${mb} MB (cap ${this.d.config.CHROMIUM_MAX_RSS_MB} MB)`);
    }
  }

  private onEvent(event: DriverEvent): void {
    const { log } = this.d;
    switch (event.type) {
      case 'message':
        this.buffer.push({ kind: 'message', message: event.message, source: 'live' });
        return;
      case 'ack':
        this.buffer.push({ kind: 'ack', protocolId: event.protocolId, fromMe: event.fromMe, ack: event.ack });
        return;
      case 'edit':
        this.buffer.push({
          kind: 'edit',
          protocolId: event.message.protocolId,
          fromMe: event.message.fromMe,
          newBody: event.newBody,
          previousBody: event.previousBody,
          realEdit: Boolean(event.message.edited),
          type: event.message.type,
        });
        return;
      case 'revoke':
        this.buffer.push({ kind: 'revoke', protocolId: event.protocolId, fromMe: event.fromMe });
        return;
      case 'reaction':
        this.buffer.push({ kind: 'reaction', reaction: event.reaction });
        return;
      case 'qr':
        // The library never removes its QR listener: a stray QR after authentication must not unlink a ready
        // session in the dashboard, and while pairing by phone the QR keeps rotating behind the code.
        if (this.status === 'authenticated' || this.status === 'ready' || this.status === 'pairing') {
          log.debug({ status: this.status }, 'ignoring a QR event');
          return;
        }
        clearTimeout(this.readyTimer);
        this.armQrIdle();
        void this.setStatus('qr', {
          qr: event.qr,
          qrTtlSeconds: this.d.qrTtlMs / 1000,
          pairingCode: null,
        });
        return;
      case 'pairing_code':
        clearTimeout(this.readyTimer);
        clearTimeout(this.qrIdleTimer);
        void this.setStatus('pairing', {
          pairingCode: formatPairingCode(event.code),
          qr: null,
          qrExpiresAt: null,
        });
        return;
      case 'authenticated':
        // Linked: a later restart restores the session, it does not pair again.
        this.pairingPhone = undefined;
        void this.setStatus('authenticated', {
          qr: null,
          qrExpiresAt: null,
          pairingCode: null,
          pairingPhone: null,
          lastError: null,
        });
        clearTimeout(this.qrIdleTimer);
        // WhatsApp Web updates break injection and `ready` never comes: restart instead of hanging forever.
        this.armReadyDeadline('ready did not arrive after authentication');
        return;
      case 'auth_failure':
        void this.setStatus('logged_out', { lastError: `Authentication failed: ${event.message}` });
        this.endClient?.('logged_out');
        return;
      case 'ready':
        // Can fire more than once (re-inject): everything here is idempotent.
        clearTimeout(this.readyTimer);
        void this.onReady();
        return;
      case 'group_change': {
        const driver = this.driver;
        if (!driver || this.status !== 'ready') return;
        void syncGroup({ ...this.d, driver, lids: this.lids }, event.chatId).catch((error: unknown) =>
          reportFailure(log, 'sync', error, 'sync after a group change failed'),
        );
        return;
      }
      case 'state':
        log.info({ state: event.state }, 'WhatsApp state');
        if (event.state === 'UNPAIRED_IDLE' && this.status === 'qr') {
          this.endClient?.('restart: the QR stopped rotating (UNPAIRED_IDLE)');
        } else this.failIfPermanent(event.state);
        return;
      case 'disconnected': {
        if (this.signingOut) {
          log.info({ reason: event.reason }, 'disconnected while signing the deleted number out');
          return;
        }
        if (this.failIfPermanent(event.reason)) return;
        const loggedOut = NEEDS_NEW_LINK.has(event.reason);
        void this.setStatus(loggedOut ? 'logged_out' : 'disconnected', {
          lastError: `Disconnected: ${event.reason}`,
        });
        this.endClient?.(loggedOut ? 'logged_out' : `disconnected: ${event.reason}`);
        return;
      }
      case 'fatal':
        // Signing out, whatsapp-web.js closes the browser itself: logout() still runs (it removes the profile).
        if (this.signingOut) {
          log.info({ err: event.error }, 'the browser closed while signing the deleted number out');
          return;
        }
        this.endClient?.(`fatal: ${event.error}`);
        return;
      case 'loading':
        if (this.status === 'starting' || this.status === 'authenticated') {
          this.armReadyDeadline(
            this.status === 'starting'
              ? 'WhatsApp Web did not load (no QR, no ready)'
              : 'ready did not arrive after authentication',
          );
        }
        return;
    }
  }

  /** A state or disconnect reason no restart fixes: `failed` with a hint, and the client stops for good. */
  private failIfPermanent(reason: string): boolean {
    const hint = permanentFailure(reason, this.d.config.WA_TAKEOVER_ON_CONFLICT);
    if (!hint) return false;
    void this.setStatus('failed', { lastError: hint });
    this.endClient?.(`failed: ${reason}`);
    return true;
  }

  private async onReady(): Promise<void> {
    const driver = this.driver;
    if (!driver) return;
    const [me, version] = await Promise.all([
      // Shown on the status page only; a client that is ready but cannot tell yet leaves them empty.
      driver.getMe().catch(() => null),
      driver.getVersion().catch(() => null),
    ]);
    await this.setStatus('ready', {
      meWid: me?.wid ?? null,
      mePhone: me?.phone ?? null,
      pushName: me?.pushName ?? null,
      waVersion: version,
      consecutiveRestarts: 0,
      lastError: null,
    });
    this.executor.poke();
    this.media.poke();
    await this.sync().catch((error: unknown) =>
      reportFailure(this.d.log, 'sync', error, 'sync after ready failed'),
    );
  }

  /** Chats, groups, contacts and the catch-up of missed messages. Concurrent calls coalesce into one rerun. */
  sync(): Promise<{ chats: number }> {
    if (this.syncing) {
      this.syncAgain = true;
      return this.syncing;
    }
    this.syncing = (async () => {
      let result = { chats: 0 };
      do {
        this.syncAgain = false;
        const driver = this.driver;
        if (!driver || this.status !== 'ready') throw new Error('WhatsApp is not connected');
        result = await syncAndCatchUp({ ...this.d, driver, buffer: this.buffer, lids: this.lids });
      } while (this.syncAgain);
      return result;
    })().finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }

  private async tickLoop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await sleep(5000, signal);
      if (signal.aborted) break;
      await this.d.hooks
        .tick(this.d.db, { sessionId: this.d.sessionId })
        .catch((error: unknown) => reportFailure(this.d.log, 'tick', error, 'periodic domain work failed'));
    }
  }

  private setStatus(status: SessionStatus, patch: Parameters<typeof updateSession>[2] = {}): Promise<void> {
    this.status = status;
    this.statusWrites = this.statusWrites.then(async () => {
      try {
        await updateSession(this.d.db, this.d.sessionId, { status, ...patch });
        if (this.announced !== status) {
          this.announced = status;
          await this.d.hooks.onSessionStatus(this.d.db, { sessionId: this.d.sessionId });
        }
      } catch (error) {
        this.d.log.warn({ err: String(error), status }, 'could not persist session status');
      }
    });
    return this.statusWrites;
  }
}

/** Start failures a restart cannot fix (no browser installed): shown as `failed` straight away. */
function isPermanent(message: string): boolean {
  return /Chromium was not found|Could not find (Chrome|Chromium|expected browser)|ENOENT.*chrom/i.test(
    message,
  );
}
