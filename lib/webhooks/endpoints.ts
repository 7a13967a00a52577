import { randomBytes } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, actorLabel } from '../audit/actor';
import { recordAudit } from '../audit/record';
import type { Tx } from '../db';
import { WEBHOOK_EVENTS, webhookEndpoints } from '../db/schema';
import { Invalid, NotFound } from '../errors';
import { parseInput } from '../errors/parse';
import { openSecret, sealSecret, secretFingerprint } from './secret-box';

/** Endpoints that receive our events. Managed by superadmins (and `write` API keys). */

const url = z
  .url({ protocol: /^https?$/, error: 'an http:// or https:// URL' })
  .max(2000)
  // zod runs refinements even after the URL check failed, so parsing must not throw here.
  .refine((u) => URL.canParse(u) && !new URL(u).username && !new URL(u).password, {
    message: 'credentials do not belong in the URL',
    abort: true,
  });
const events = z
  .array(z.enum(WEBHOOK_EVENTS))
  .min(1)
  .max(WEBHOOK_EVENTS.length)
  .transform((list) => [...new Set(list)]);
const secret = z.string().min(16).max(200);

const generateSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

const publicColumns = {
  id: webhookEndpoints.id,
  url: webhookEndpoints.url,
  events: webhookEndpoints.events,
  description: webhookEndpoints.description,
  active: webhookEndpoints.active,
  createdBy: webhookEndpoints.createdBy,
  createdAt: webhookEndpoints.createdAt,
  updatedAt: webhookEndpoints.updatedAt,
  storedSecret: webhookEndpoints.secret,
  pendingCount: sql<number>`(select count(*)::int from webhook_deliveries d
    where d.endpoint_id = ${webhookEndpoints.id} and d.status in ('pending', 'failed'))`,
  deadCount: sql<number>`(select count(*)::int from webhook_deliveries d
    where d.endpoint_id = ${webhookEndpoints.id} and d.status = 'dead')`,
  lastDeliveredAt: sql<string | null>`(select max(d.delivered_at) from webhook_deliveries d
    where d.endpoint_id = ${webhookEndpoints.id})`,
};

/** The stored (sealed) secret never leaves: only its fingerprint, enough to match what a receiver has. */
function present({ storedSecret, ...row }: { storedSecret: string } & Record<string, unknown>) {
  return { ...row, secretHint: secretFingerprint(openSecret(storedSecret)) };
}

export async function listWebhookEndpoints(db: Tx) {
  const rows = await db.select(publicColumns).from(webhookEndpoints).orderBy(asc(webhookEndpoints.id));
  return { items: rows.map(present) as EndpointView[] };
}

type EndpointView = Omit<Awaited<ReturnType<typeof selectEndpoint>>[number], 'storedSecret'> & {
  secretHint: string;
};
const selectEndpoint = (db: Tx, id: number) =>
  db.select(publicColumns).from(webhookEndpoints).where(eq(webhookEndpoints.id, id));

export async function getWebhookEndpoint(db: Tx, endpointId: number) {
  const id = parseInput(z.number().int().positive(), endpointId, 'Invalid endpoint id.');
  const [row] = await selectEndpoint(db, id);
  if (!row) throw new NotFound(`No webhook endpoint ${id}.`, { endpointId: id });
  return present(row) as EndpointView;
}

export const createWebhookEndpointInput = z.object({
  url,
  events,
  description: z.string().trim().max(500).optional(),
  active: z.boolean().default(true),
  /** Omitted: one is generated. Either way it is returned once, in this answer. */
  secret: secret.optional(),
});

export async function createWebhookEndpoint(
  db: Tx,
  input: z.input<typeof createWebhookEndpointInput>,
  actor: Actor,
) {
  const data = parseInput(createWebhookEndpointInput, input, 'Invalid webhook endpoint.');
  const endpointSecret = data.secret ?? generateSecret();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({ ...data, secret: sealSecret(endpointSecret), createdBy: actorLabel(actor) })
      .returning({ id: webhookEndpoints.id });
    await recordAudit(tx, {
      actor,
      action: 'webhook_endpoint.create',
      targetType: 'webhook_endpoint',
      targetId: row!.id,
      details: { url: data.url, events: data.events },
    });
    return { endpoint: await getWebhookEndpoint(tx, row!.id), secret: endpointSecret };
  });
}

export const updateWebhookEndpointInput = z.object({
  id: z.number().int().positive(),
  url: url.optional(),
  events: events.optional(),
  description: z.string().trim().max(500).nullable().optional(),
  active: z.boolean().optional(),
  /** A new secret chosen by the caller; or `rotateSecret: true` for a generated one (in the answer, once). */
  secret: secret.optional(),
  rotateSecret: z.boolean().optional(),
});

/**
 * Pausing an endpoint (`active: false`) keeps its queued deliveries; they go out when it is resumed. Moving
 * it to another URL needs a new secret (`secret` or `rotateSecret`): whoever receives at the new address must
 * not be able to sign as the old receiver, nor receive what the old secret signs.
 */
export async function updateWebhookEndpoint(
  db: Tx,
  input: z.input<typeof updateWebhookEndpointInput>,
  actor: Actor,
) {
  const {
    id,
    secret: given,
    rotateSecret,
    ...patch
  } = parseInput(updateWebhookEndpointInput, input, 'Invalid webhook endpoint.');
  if (Object.values(patch).every((v) => v === undefined) && !given && !rotateSecret)
    throw new Invalid('Nothing to change.', { id });
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ url: webhookEndpoints.url })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.id, id))
      .for('update');
    if (!current) throw new NotFound(`No webhook endpoint ${id}.`, { endpointId: id });
    const moves = patch.url !== undefined && patch.url !== current.url;
    if (moves && !given && !rotateSecret)
      throw new Invalid('Changing the URL needs a new secret: send "secret" or "rotateSecret": true.', {
        fields: { secret: 'required when the URL changes' },
      });
    const newSecret = given ?? (rotateSecret ? generateSecret() : undefined);
    await tx
      .update(webhookEndpoints)
      .set({ ...patch, ...(newSecret ? { secret: sealSecret(newSecret) } : {}), updatedAt: new Date() })
      .where(eq(webhookEndpoints.id, id));
    await recordAudit(tx, {
      actor,
      action: 'webhook_endpoint.update',
      targetType: 'webhook_endpoint',
      targetId: id,
      details: { ...patch, ...(newSecret ? { secretChanged: true } : {}) },
    });
    const endpoint = await getWebhookEndpoint(tx, id);
    return rotateSecret && newSecret ? { ...endpoint, secret: newSecret } : endpoint;
  });
}

/** A new secret, effective for the next attempt of every delivery; returned once. */
export async function rotateWebhookSecret(db: Tx, input: { id: number }, actor: Actor) {
  const { id } = parseInput(z.object({ id: z.number().int().positive() }), input);
  const endpointSecret = generateSecret();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(webhookEndpoints)
      .set({ secret: sealSecret(endpointSecret), updatedAt: new Date() })
      .where(eq(webhookEndpoints.id, id))
      .returning({ id: webhookEndpoints.id });
    if (!row) throw new NotFound(`No webhook endpoint ${id}.`, { endpointId: id });
    await recordAudit(tx, {
      actor,
      action: 'webhook_endpoint.rotate_secret',
      targetType: 'webhook_endpoint',
      targetId: id,
    });
    return { endpoint: await getWebhookEndpoint(tx, id), secret: endpointSecret };
  });
}

/** Deletes the endpoint and, with it, its delivery history. */
export async function deleteWebhookEndpoint(db: Tx, input: { id: number }, actor: Actor) {
  const { id } = parseInput(z.object({ id: z.number().int().positive() }), input);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .delete(webhookEndpoints)
      .where(eq(webhookEndpoints.id, id))
      .returning({ id: webhookEndpoints.id, url: webhookEndpoints.url });
    if (!row) throw new NotFound(`No webhook endpoint ${id}.`, { endpointId: id });
    await recordAudit(tx, {
      actor,
      action: 'webhook_endpoint.delete',
      targetType: 'webhook_endpoint',
      targetId: id,
      details: { url: row.url },
    });
    return { id };
  });
}
