import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../db';
import { Invalid, NotFound } from '../errors';
import { parseInput } from '../errors/parse';
import { isoText } from '../pagination/cursor';
import { REQUEST_STATUSES, type RequestStatus } from '../reservations/request-status';
import { findSessionByName, presentSessionStatus, sessionNameSchema } from '../whatsapp/sessions/view';

/** Our admins are in Chile; API clients that do not say which day they mean get Chile's. */
export const DEFAULT_TIME_ZONE = 'America/Santiago';
export const HOURS = 24;

/** An IANA zone this Node knows (PostgreSQL's list is the same tz database). */
export const timeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'an IANA time zone such as America/Santiago');

export const getOverviewInput = z.object({
  session: sessionNameSchema,
  timeZone: timeZoneSchema.default(DEFAULT_TIME_ZONE),
  staleSeconds: z.number().int().positive(),
  now: z.date().optional(),
});

interface MessageRow extends Record<string, unknown> {
  day_start: string;
  window_start: string;
  inbound_today: number;
  outbound_today: number;
  hours: { bucket: number; inbound: number; outbound: number }[];
  requests: Partial<Record<RequestStatus, number>>;
}

/**
 * What the dashboard's first page shows: the connection, today's messages, requests by status and messages
 * per hour for the last 24 hours.
 *
 * "Today" and the hour boundaries are the reader's (`timeZone`), computed by PostgreSQL's tz database so
 * daylight-saving days and half-hour zones come out right. Buckets are 3,600-second slots counted from the
 * first one's start instead of truncated local times: on the night the clocks go back, the repeated local
 * hour would otherwise fall into one bucket twice.
 *
 * Messages and requests are the selected WhatsApp number's only (index range on `(session_id, timestamp)`;
 * requests are few, counted by status within the number), so two numbers never add up on one screen.
 */
export async function getOverview(db: Tx, input: z.input<typeof getOverviewInput>) {
  const { session: name, timeZone, staleSeconds, now = new Date() } = parseInput(getOverviewInput, input);
  const session = await findSessionByName(db, name).catch((error: unknown) => {
    if (error instanceof NotFound) return null;
    throw error;
  });
  const at = sql`${now.toISOString()}::timestamptz`;
  let rows: MessageRow[];
  try {
    rows = await db.execute<MessageRow>(sql`
      with b as (
        select date_trunc('day', ${at}, ${timeZone}) as day_start,
               date_trunc('hour', ${at}, ${timeZone}) - interval '23 hours' as window_start
      ),
      m as (
        select floor(extract(epoch from m.timestamp - b.window_start) / 3600)::int as bucket,
               m.from_me,
               m.timestamp >= b.day_start as today
        from b
        join whatsapp_messages m
          on m.session_id = ${session?.id ?? null}::bigint
         and m.timestamp >= least(b.day_start, b.window_start)
         and m.timestamp < b.window_start + interval '24 hours'
      )
      select ${isoText(sql`b.day_start`)} as day_start,
             ${isoText(sql`b.window_start`)} as window_start,
             (select count(*) from m where today and not from_me)::int as inbound_today,
             (select count(*) from m where today and from_me)::int as outbound_today,
             (select coalesce(json_agg(h), '[]'::json) from (
                select bucket,
                       count(*) filter (where not from_me)::int as inbound,
                       count(*) filter (where from_me)::int as outbound
                from m where bucket between 0 and ${HOURS - 1} group by bucket
              ) h) as hours,
             (select coalesce(json_object_agg(status, n), '{}'::json) from (
                select status, count(*)::int as n from whatsapp_reservation_requests
                where session_id = ${session?.id ?? null}::bigint group by status
              ) r) as requests
      from b`);
  } catch (error) {
    // Node and PostgreSQL read the same tz database, but an older server can lack a newer zone.
    if ((error as { code?: unknown }).code === '22023')
      throw new Invalid(`Unknown time zone ${timeZone}.`, { timeZone });
    throw error;
  }
  const row = rows[0]!;
  const windowStart = Date.parse(row.window_start);
  const byBucket = new Map(row.hours.map((h) => [h.bucket, h]));
  const perHour = Array.from({ length: HOURS }, (_, bucket) => ({
    start: new Date(windowStart + bucket * 3_600_000).toISOString(),
    inbound: byBucket.get(bucket)?.inbound ?? 0,
    outbound: byBucket.get(bucket)?.outbound ?? 0,
  }));
  const requests = Object.fromEntries(REQUEST_STATUSES.map((s) => [s, row.requests[s] ?? 0])) as Record<
    RequestStatus,
    number
  >;
  return {
    generatedAt: now.toISOString(),
    timeZone,
    session: name,
    connection: session ? presentSessionStatus(session, { staleSeconds }) : null,
    /** A heartbeat older than this means the worker is down (readers age it between two fetches). */
    workerStaleSeconds: staleSeconds,
    messagesToday: { since: row.day_start, inbound: row.inbound_today, outbound: row.outbound_today },
    perHour,
    requests,
    failedNotifications: requests.notify_failed,
  };
}
export type Overview = Awaited<ReturnType<typeof getOverview>>;
