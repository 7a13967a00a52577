import { sql } from 'drizzle-orm';
import { getConfig } from '../config';
import type { Tx } from '../db';
import { isoText } from '../pagination/cursor';
import { postWebhook } from './post';
import { openSecret } from './secret-box';
import { DELIVERY_HEADER, EVENT_HEADER, signatureHeaders } from './signature';
import { type TargetPolicy, targetPolicyFrom } from './target';

/** After this many failed attempts a delivery is `dead`: kept, shown, replayable, no longer retried. */
export const MAX_DELIVERY_ATTEMPTS = 10;
const BASE_DELAY_MS = 15_000;
const MAX_DELAY_MS = 6 * 3600_000;
const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Wait before attempt `attempts + 1`: 15 s, 30 s, 1 min, … doubling up to 6 h, each ±20 % at random so that
 * deliveries failing together (a receiver down) do not retry together.
 */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

type ClaimedRow = {
  id: string;
  delivery_id: string;
  event: string;
  payload: unknown;
  attempts: number;
  created_at: string;
  url: string;
  secret: string;
};

export interface DeliverOptions {
  /** Fixes the clock (tests); by default the database's clock decides what is due. */
  now?: Date;
  /** Which receivers may be reached; defaults to the configured policy (WEBHOOK_ALLOW_HTTP, WEBHOOK_ALLOWED_NETWORKS). */
  targetPolicy?: TargetPolicy;
  /** Deliveries claimed (and sent concurrently) in one call. */
  limit?: number;
  timeoutMs?: number;
  random?: () => number;
}

export interface DeliverResult {
  attempted: number;
  delivered: number;
  retrying: number;
  dead: number;
}

/** The exact bytes receivers get (and the signature covers): the same on every attempt. */
export function deliveryBody(row: {
  delivery_id: string;
  event: string;
  created_at: string;
  payload: unknown;
}) {
  return JSON.stringify({
    id: row.delivery_id,
    event: row.event,
    createdAt: row.created_at,
    data: row.payload,
  });
}

/**
 * Claims due deliveries and POSTs them. The claim (FOR UPDATE SKIP LOCKED) counts the attempt and pushes
 * `next_attempt_at` past the send timeout before anything is sent, so two workers never send the same
 * delivery at once, and a worker that dies mid-send leaves the delivery to be retried after that lease.
 * Receivers must deduplicate by the `X-Tuki-Delivery` id: a send whose response was lost is sent again.
 */
export async function deliverDueWebhooks(db: Tx, options: DeliverOptions = {}): Promise<DeliverResult> {
  const now = options.now ?? new Date();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const policy = options.targetPolicy ?? targetPolicyFrom(getConfig());
  // Due is judged by the clock that stamped next_attempt_at (now() by default): a worker's clock behind the
  // database's would hold deliveries back, and even on one machine the JS clock's milliseconds lag
  // PostgreSQL's microseconds, so a delivery queued in the same millisecond would wait for the next poll.
  const clock = options.now ? sql`${options.now.toISOString()}::timestamptz` : sql`now()`;
  const later = (ms: number) => sql`${clock} + make_interval(secs => ${ms / 1000})`;
  const claimed = await db.execute<ClaimedRow>(sql`
    update webhook_deliveries d set attempts = d.attempts + 1, next_attempt_at = ${later(timeoutMs + 60_000)}
    from webhook_endpoints e
    where e.id = d.endpoint_id and d.id in (
      select d2.id from webhook_deliveries d2
      join webhook_endpoints e2 on e2.id = d2.endpoint_id and e2.active
      where d2.status in ('pending', 'failed') and d2.next_attempt_at <= ${clock}
      order by d2.next_attempt_at, d2.id
      limit ${options.limit ?? 20}
      for update of d2 skip locked)
    returning d.id::text as id, d.delivery_id::text as delivery_id, d.event, d.payload, d.attempts,
      ${isoText(sql`d.created_at`)} as created_at, e.url, e.secret`);
  const result: DeliverResult = { attempted: claimed.length, delivered: 0, retrying: 0, dead: 0 };
  await Promise.all(
    claimed.map(async (row) => {
      const outcome = await send(row, policy, now, timeoutMs);
      if (outcome.ok) {
        result.delivered++;
        await db.execute(sql`
          update webhook_deliveries set status = 'delivered', delivered_at = now(),
            last_status_code = ${outcome.status}, last_error = null
          where id = ${row.id}::bigint`);
        return;
      }
      const dead = row.attempts >= MAX_DELIVERY_ATTEMPTS;
      if (dead) result.dead++;
      else result.retrying++;
      await db.execute(sql`
        update webhook_deliveries set status = ${dead ? 'dead' : 'failed'}::webhook_delivery_status,
          next_attempt_at = ${later(retryDelayMs(row.attempts, options.random))},
          last_status_code = ${outcome.status}, last_error = ${outcome.error}
        where id = ${row.id}::bigint`);
    }),
  );
  return result;
}

function send(row: ClaimedRow, policy: TargetPolicy, now: Date, timeoutMs: number) {
  const body = deliveryBody(row);
  return postWebhook(row.url, {
    body,
    timeoutMs,
    policy,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Tuki-Webhooks/1',
      [EVENT_HEADER]: row.event,
      [DELIVERY_HEADER]: row.delivery_id,
      ...signatureHeaders(openSecret(row.secret), body, now),
    },
  });
}
