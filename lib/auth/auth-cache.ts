import { sql } from 'drizzle-orm';
import type { DbHandle } from '../db';
import { getDbHandle } from '../db';
import { RateLimited, Unauthorized } from '../errors';
import { type AuthChange, listen } from '../events/notify';
import { createLogger } from '../log';
import {
  API_KEY_RATE_LIMIT,
  type ApiKeyPrincipal,
  apiKeyLimitKey,
  hashApiKey,
  lookupApiKey,
  touchApiKeys,
} from './api-keys';
import { onLocalAuthChange } from './auth-changes';
import { BatchedRateLimit } from './batched-rate-limit';
import { type ActiveUser, loadActiveUser, userIdOf } from './current-user';

export interface AuthCacheOptions {
  /** How long a looked-up key or user is trusted without asking the database again. */
  ttlMs?: number;
  /** How often counted hits and last-used times are written. */
  flushMs?: number;
  /** Called after a pushed change was applied (tests wait on it). */
  onChange?: (change: AuthChange) => void;
}

interface Entry<T> {
  value: T;
  until: number;
}

const log = createLogger('auth-cache');
const LAST_USED_EVERY_MS = 60_000;

/**
 * Per-process cache in front of the credential lookups, so an authenticated request costs at most one round
 * trip before its own query (none while cached):
 *   - API keys (by hash) and signed-in users (by id) are trusted for `ttlMs`; a revocation, demotion or
 *     disable NOTIFYs `tuki_auth` on commit (lib/auth/auth-changes.ts) and every process forgets the entry.
 *     Nothing is cached until the LISTEN is up (requests never wait for it: while the database is down they
 *     fail as before), and everything is forgotten whenever it reconnects, so a notification lost while the
 *     connection was down keeps a stale entry no longer than its `ttlMs`.
 *   - API-key rate limits are counted in memory and written in batches (BatchedRateLimit); a key's first
 *     lookup reads its window, so limits set by other replicas apply at once.
 * The lookups themselves (lookupApiKey, loadActiveUser) stay where their rules live; this only remembers them.
 */
export class AuthCache {
  private readonly keys = new Map<string, Entry<ApiKeyPrincipal>>();
  private readonly users = new Map<number, Entry<ActiveUser | null>>();
  /** Bumped by every change: a lookup that overlapped one is not cached (it may have read the old row). */
  private generation = 0;
  private live = false;
  private readonly listening: Promise<unknown>;
  private unlisten: (() => Promise<void>) | undefined;
  private readonly limiter = new BatchedRateLimit(API_KEY_RATE_LIMIT);
  private readonly lastUsed = new Map<number, number>();
  private readonly touch = new Set<number>();
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> | undefined;
  private readonly ttlMs: number;

  constructor(
    private readonly handle: Pick<DbHandle, 'db' | 'sql'>,
    options: AuthCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 5000;
    this.listening = listen(
      handle.sql,
      'auth',
      (change) => {
        this.forget(change);
        options.onChange?.(change);
      },
      () => {
        // (Re)connected: whatever was sent while we were not listening is lost, so start from nothing.
        this.forgetAll();
        this.live = true;
      },
    )
      .then((listener) => {
        this.unlisten = listener.unlisten;
      })
      .catch((error: unknown) => {
        log.warn({ err: error }, 'cannot LISTEN for credential changes; lookups are not cached');
      });
    this.timer = setInterval(() => void this.flush(), options.flushMs ?? 1000);
    this.timer.unref();
  }

  /** Resolves once changes are being heard (until then nothing is cached); false when LISTEN failed. */
  async ready(): Promise<boolean> {
    await this.listening;
    return this.live;
  }

  /** The key behind a bearer token, counted against its rate limit. Unknown and revoked keys: 401. */
  async apiKey(token: string): Promise<ApiKeyPrincipal> {
    const hash = hashApiKey(token);
    const cached = this.keys.get(hash);
    let key: ApiKeyPrincipal;
    let seen: { count: number; retryAfterSeconds: number } | undefined;
    if (cached && cached.until > Date.now()) {
      key = cached.value;
      this.noteUse(key.id);
    } else {
      const generation = this.generation;
      const found = await lookupApiKey(this.handle.db, token);
      if (!found) throw new Unauthorized('Invalid API key.', { reason: 'invalid_api_key' });
      ({ key, window: seen } = found);
      this.lastUsed.set(key.id, Date.now()); // the lookup wrote it if it was due
      if (this.live && generation === this.generation)
        this.keys.set(hash, { value: key, until: Date.now() + this.ttlMs });
    }
    const limit = this.limiter.hit(apiKeyLimitKey(key.id), seen);
    if (!limit.allowed) throw new RateLimited(limit.retryAfterSeconds);
    return key;
  }

  /** The signed-in user as the database says (at most `ttlMs` ago, or since the last change): null if gone. */
  async user(id: unknown): Promise<ActiveUser | null> {
    const numeric = userIdOf(id);
    if (numeric === null) return null;
    const cached = this.users.get(numeric);
    if (cached && cached.until > Date.now()) return cached.value;
    const generation = this.generation;
    const user = await loadActiveUser(this.handle.db, numeric);
    if (this.live && generation === this.generation)
      this.users.set(numeric, { value: user, until: Date.now() + this.ttlMs });
    return user;
  }

  forget(change: Pick<AuthChange, 'kind' | 'id'>): void {
    this.generation++;
    if (change.kind === 'user') {
      this.users.delete(change.id);
      // Keys carry their creator's standing (a key may depend on who made it): user changes are rare.
      this.keys.clear();
    } else {
      for (const [hash, entry] of this.keys) if (entry.value.id === change.id) this.keys.delete(hash);
    }
  }

  /** Writes counted hits and due last-used times. Runs on a timer; callers may await it (tests, shutdown). */
  flush(): Promise<void> {
    this.flushing ??= (async () => {
      const ids = [...this.touch];
      if (ids.length === 0 && !this.limiter.hasPending) return;
      try {
        await this.handle.db.transaction(async (tx) => {
          await tx.execute(sql`set local synchronous_commit = off`);
          await this.limiter.flush(tx);
          await touchApiKeys(tx, ids);
        });
        for (const id of ids) this.touch.delete(id);
      } catch (error) {
        log.warn({ err: error }, 'rate-limit flush failed; retrying on the next tick');
      }
    })().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    await this.listening;
    await this.unlisten?.();
  }

  private noteUse(id: number): void {
    const now = Date.now();
    if (now - (this.lastUsed.get(id) ?? 0) < LAST_USED_EVERY_MS) return;
    this.lastUsed.set(id, now);
    this.touch.add(id);
  }

  private forgetAll(): void {
    this.generation++;
    this.keys.clear();
    this.users.clear();
  }
}

const holder = globalThis as unknown as { __tukiAuthCache?: { cache: AuthCache; unregister: () => void } };

/** The process's cache, on the process's pool; the verbs that take access away also clear it directly. */
export function processAuthCache(): AuthCache {
  if (!holder.__tukiAuthCache) {
    const cache = new AuthCache(getDbHandle());
    holder.__tukiAuthCache = { cache, unregister: onLocalAuthChange((change) => cache.forget(change)) };
  }
  return holder.__tukiAuthCache.cache;
}

/**
 * Stops the process's cache (its LISTEN would otherwise reconnect forever): for whoever drops the database
 * under it, i.e. the tests.
 */
export async function closeProcessAuthCache(): Promise<void> {
  const current = holder.__tukiAuthCache;
  if (!current) return;
  holder.__tukiAuthCache = undefined;
  current.unregister();
  await current.cache.close();
}
