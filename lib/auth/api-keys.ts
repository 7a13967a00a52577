import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../audit/actor';
import { recordAudit } from '../audit/record';
import type { Tx } from '../db';
import { apiKeys } from '../db/schema';
import { NotFound, RateLimited, Unauthorized } from '../errors';
import { parseInput } from '../errors/parse';
import { hitRateLimit } from './rate-limit';

export const API_KEY_SCOPES = ['read', 'write'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** Requests per key per minute; shared by all replicas through `rate_limits`. */
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
  createdAt: apiKeys.createdAt,
};
export type ApiKeyView = { [K in keyof typeof publicColumns]: (typeof apiKeys.$inferSelect)[K] };

export const createApiKeyInput = z.object({
  name: z.string().trim().min(1).max(100),
  scope: z.enum(API_KEY_SCOPES),
});

/**
 * A new key. The full key is in the answer and nowhere else: only its SHA-256 is stored (keys are random
 * 256-bit strings, so a fast hash is enough — there is nothing to brute-force), plus a short prefix to tell
 * keys apart.
 */
export async function createApiKey(db: Tx, input: z.input<typeof createApiKeyInput>, actor: Actor) {
  const { name, scope } = parseInput(createApiKeyInput, input, 'Invalid API key.');
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return db.transaction(async (tx) => {
    const createdBy = actor.type === 'user' && actor.id ? Number(actor.id) : null;
    const [row] = await tx
      .insert(apiKeys)
      .values({ name, scope, prefix: key.slice(0, SHOWN_PREFIX_LENGTH), keyHash: hashApiKey(key), createdBy })
      .returning(publicColumns);
    await recordAudit(tx, {
      actor,
      action: 'api_key.create',
      targetType: 'api_key',
      targetId: row!.id,
      details: { name, scope, prefix: row!.prefix },
    });
    return { apiKey: row!, key };
  });
}

export const listApiKeysInput = z.object({ includeRevoked: z.boolean().default(false) });

export async function listApiKeys(db: Tx, input: z.input<typeof listApiKeysInput> = {}) {
  const { includeRevoked } = parseInput(listApiKeysInput, input);
  const items = await db
    .select(publicColumns)
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

/**
 * The key behind an `Authorization: Bearer` value, counted against its rate limit. Unknown and revoked keys
 * get the same answer. `last_used_at` is written at most once a minute per key: a busy key must not turn every
 * read into a write.
 */
export async function authenticateApiKey(db: Tx, token: string): Promise<ApiKeyPrincipal> {
  if (!token.startsWith(KEY_PREFIX) || token.length > 200) throw new Unauthorized('Invalid API key.');
  const [key] = await db
    .select({ id: apiKeys.id, name: apiKeys.name, scope: apiKeys.scope })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hashApiKey(token)), isNull(apiKeys.revokedAt)));
  if (!key) throw new Unauthorized('Invalid API key.');
  const limit = await hitRateLimit(db, `api_key:${key.id}`, API_KEY_RATE_LIMIT);
  if (!limit.allowed) throw new RateLimited(limit.retryAfterSeconds);
  await db
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        eq(apiKeys.id, key.id),
        sql`(${apiKeys.lastUsedAt} is null or ${apiKeys.lastUsedAt} < now() - interval '1 minute')`,
      ),
    );
  return key;
}
