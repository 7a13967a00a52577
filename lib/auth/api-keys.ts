import { createHash, randomBytes } from 'node:crypto';
import { desc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../audit/actor';
import { recordAudit } from '../audit/record';
import type { Tx } from '../db';
import { apiKeys, users } from '../db/schema';
import { NotFound } from '../errors';
import { parseInput } from '../errors/parse';
import { announceAuthChange } from './auth-changes';

export const API_KEY_SCOPES = ['read', 'write'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** Requests per key per minute; shared by all replicas through `rate_limits` (counted in batches). */
export const API_KEY_RATE_LIMIT = { limit: 600, windowSeconds: 60 } as const;

const KEY_PREFIX = 'tuki_';
/** Long enough to tell keys apart in a list, far too short to guess the rest from. */
const SHOWN_PREFIX_LENGTH = KEY_PREFIX.length + 8;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** What lists and API answers show of a key: never the hash, never the key. */
const publicColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  scope: apiKeys.scope,
  createdBy: apiKeys.createdBy,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
  expiresAt: apiKeys.expiresAt,
  createdAt: apiKeys.createdAt,
};
export type ApiKeyView = { [K in keyof typeof publicColumns]: (typeof apiKeys.$inferSelect)[K] };

/**
 * A key a person made stops working when that person is no longer an active superadmin: whoever was trusted
 * to mint it is no longer trusted. Keys made from the CLI (no creator) are the operator's own.
 */
const creatorLostAccess = sql<boolean>`(${apiKeys.createdBy} is not null and not exists (
  select 1 from ${users} u where u.id = ${apiKeys.createdBy} and u.role = 'superadmin' and not u.disabled))`;

/** Not expired, and its creator (if a person) is still an active superadmin. */
function keyStillTrusted() {
  return sql`(${apiKeys.expiresAt} is null or ${apiKeys.expiresAt} > now()) and not ${creatorLostAccess}`;
}

export const createApiKeyInput = z.object({
  name: z.string().trim().min(1).max(100),
  scope: z.enum(API_KEY_SCOPES),
  /** Omitted: the key works until it is revoked. */
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

/**
 * A new key. The full key is in the answer and nowhere else: only its SHA-256 is stored (keys are random
 * 256-bit strings, so a fast hash is enough — there is nothing to brute-force), plus a short prefix to tell
 * keys apart.
 */
export async function createApiKey(db: Tx, input: z.input<typeof createApiKeyInput>, actor: Actor) {
  const { name, scope, expiresInDays } = parseInput(createApiKeyInput, input, 'Invalid API key.');
  const expiresAt = expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000) : null;
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return db.transaction(async (tx) => {
    const createdBy = actor.type === 'user' && actor.id ? Number(actor.id) : null;
    const [row] = await tx
      .insert(apiKeys)
      .values({
        name,
        scope,
        prefix: key.slice(0, SHOWN_PREFIX_LENGTH),
        keyHash: hashApiKey(key),
        createdBy,
        expiresAt,
      })
      .returning(publicColumns);
    await recordAudit(tx, {
      actor,
      action: 'api_key.create',
      targetType: 'api_key',
      targetId: row!.id,
      details: { name, scope, prefix: row!.prefix, expiresAt },
    });
    return { apiKey: { ...row!, creatorLostAccess: false }, key };
  });
}

export const listApiKeysInput = z.object({ includeRevoked: z.boolean().default(false) });

export async function listApiKeys(db: Tx, input: z.input<typeof listApiKeysInput> = {}) {
  const { includeRevoked } = parseInput(listApiKeysInput, input);
  const items = await db
    .select({ ...publicColumns, creatorLostAccess })
    .from(apiKeys)
    .where(includeRevoked ? undefined : isNull(apiKeys.revokedAt))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
  return { items };
}

/** Revoking is immediate (the next request with the key gets 401) and idempotent. */
export async function revokeApiKey(db: Tx, input: { id: number }, actor: Actor) {
  const { id } = parseInput(z.object({ id: z.number().int().positive() }), input);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select(publicColumns).from(apiKeys).where(eq(apiKeys.id, id)).for('update');
    if (!existing) throw new NotFound(`No API key ${id}.`, { id });
    if (existing.revokedAt) return existing;
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(eq(apiKeys.id, id))
      .returning(publicColumns);
    await announceAuthChange(tx, { kind: 'api_key', id });
    await recordAudit(tx, {
      actor,
      action: 'api_key.revoke',
      targetType: 'api_key',
      targetId: id,
      details: { name: existing.name, prefix: existing.prefix },
    });
    return row!;
  });
}

export interface ApiKeyPrincipal {
  id: number;
  name: string;
  scope: ApiKeyScope;
}

/** The `rate_limits` key of an API key's window. */
export const API_KEY_LIMIT_PREFIX = 'api_key:';
export const apiKeyLimitKey = (id: number) => `${API_KEY_LIMIT_PREFIX}${id}`;

export interface ApiKeyLookup {
  key: ApiKeyPrincipal;
  /** The key's rate-limit window as the database holds it now (hits of every replica). */
  window: { count: number; retryAfterSeconds: number };
}

/**
 * The key behind an `Authorization: Bearer` value, with its current rate-limit window, in one round trip;
 * null for unknown and revoked keys alike. `last_used_at` is written in the same statement at most once a
 * minute per key (a busy key must not turn every read into a write), with an asynchronous commit: losing
 * that timestamp in a database crash is harmless, waiting for its fsync on a request is not. Counting the
 * hit is the caller's (lib/auth/auth-cache.ts, in memory).
 */
export async function lookupApiKey(db: Tx, token: string): Promise<ApiKeyLookup | null> {
  if (!token.startsWith(KEY_PREFIX) || token.length > 200) return null;
  const window = API_KEY_RATE_LIMIT.windowSeconds;
  const rows = await db.execute<{
    id: string; // bigint: postgres.js answers a string outside drizzle's typed selects
    name: string;
    scope: ApiKeyScope;
    count: number;
    retry_after: number | null;
  }>(sql`
    with found as (
      select id, name, scope from api_keys
       where key_hash = ${hashApiKey(token)} and revoked_at is null and ${keyStillTrusted()}
    ), touched as (
      update api_keys set last_used_at = now()
       where id = (select id from found)
         and (last_used_at is null or last_used_at < now() - interval '1 minute')
      returning id
    )
    select found.id, found.name, found.scope,
           coalesce(limits.count, 0)::int as count,
           ceil(extract(epoch from limits.window_start + make_interval(secs => ${window}) - now()))::int
             as retry_after,
           set_config('synchronous_commit', 'off', true) as async_commit
      from found
      left join rate_limits limits
        on limits.key = ${API_KEY_LIMIT_PREFIX} || found.id
       and limits.window_start > now() - make_interval(secs => ${window})`);
  const row = rows[0];
  if (!row) return null;
  return {
    key: { id: Number(row.id), name: row.name, scope: row.scope },
    window: { count: row.count, retryAfterSeconds: row.retry_after ?? window },
  };
}

/** Writes `last_used_at` for keys used from cache (at most once a minute each), asynchronously committed. */
export async function touchApiKeys(db: Tx, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.execute(sql`
    update api_keys set last_used_at = now()
     where id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::bigint)
       and (last_used_at is null or last_used_at < now() - interval '1 minute')`);
}
