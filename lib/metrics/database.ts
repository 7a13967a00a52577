import { Gauge, type Registry } from 'prom-client';
import type { Sql } from '../db';

/**
 * Gauges read from PostgreSQL at scrape time, so they are true whichever process did the work. Every query
 * is an index range scan or a tiny table: nothing here counts the whole messages table. Message and send
 * counts cover the last 24 hours (by the message's WhatsApp timestamp / the command's creation), and the
 * table's total is PostgreSQL's own estimate (pg_class.reltuples), so a scrape stays cheap at any size.
 * All web replicas report the same values: aggregate them with max(), not sum().
 */
export class DatabaseMetrics {
  private readonly gauges;
  private lastRefresh = 0;
  private refreshing: Promise<void> | undefined;

  constructor(
    registry: Registry,
    /** Scrapes closer together than this (several Prometheus servers, replicas) reuse the last values. */
    private readonly minIntervalMs = 5000,
  ) {
    const gauge = (name: string, help: string, labelNames: string[] = []) =>
      new Gauge({ name, help, labelNames, registers: [registry] });
    this.gauges = {
      sessions: gauge('tuki_whatsapp_sessions', 'WhatsApp numbers by lifecycle status (1 per number).', [
        'session',
        'status',
      ]),
      heartbeatAge: gauge(
        'tuki_worker_heartbeat_age_seconds',
        'Seconds since the worker holding a session last renewed its lease (absent: never).',
        ['session'],
      ),
      messages24h: gauge(
        'tuki_messages_last_24h',
        'Messages stored with a WhatsApp timestamp in the last 24 hours, by number, direction and source.',
        ['session', 'direction', 'source'],
      ),
      messagesEstimate: gauge(
        'tuki_messages_estimated_total',
        "All stored messages, PostgreSQL's planner estimate (updated by autovacuum/analyze).",
      ),
      outbox: gauge('tuki_outbox_commands', 'Unfinished outbox commands by number, kind and status.', [
        'session',
        'kind',
        'status',
      ]),
      outboxOldest: gauge(
        'tuki_outbox_oldest_pending_seconds',
        'Age of the oldest pending outbox command (0 when none is pending).',
      ),
      sends24h: gauge(
        'tuki_sends_last_24h',
        'send_message commands created in the last 24 hours, by number and outcome (status).',
        ['session', 'status'],
      ),
      notifyFailed: gauge(
        'tuki_reservation_notifications_failed',
        'Reservation requests whose operator notification failed and still need a person (notify_failed).',
      ),
      webhooks24h: gauge(
        'tuki_webhook_deliveries_last_24h',
        'Outbound webhook deliveries created in the last 24 hours, by status.',
        ['status'],
      ),
      webhookBacklog: gauge(
        'tuki_webhook_deliveries_backlog',
        'Deliveries waiting for their first attempt or a retry (pending, failed), all time.',
      ),
      webhookDead: gauge(
        'tuki_webhook_deliveries_dead',
        'Deliveries that gave up after their last attempt and were not replayed, all time.',
      ),
      databaseUp: gauge(
        'tuki_metrics_database_up',
        '1 when the last scrape could read the database, 0 when it could not.',
      ),
    };
  }

  /** Re-read the database (at most once per minIntervalMs; concurrent scrapes share one read). */
  async refresh(sql: Sql): Promise<void> {
    if (Date.now() - this.lastRefresh < this.minIntervalMs) return;
    this.refreshing ??= this.read(sql)
      .then(() => {
        this.gauges.databaseUp.set(1);
        this.lastRefresh = Date.now();
      })
      // The failure IS the figure: tuki_database_up 0 is what Prometheus alerts on.
      .catch(() => this.gauges.databaseUp.set(0))
      .finally(() => {
        this.refreshing = undefined;
      });
    await this.refreshing;
  }

  private async read(sql: Sql): Promise<void> {
    const g = this.gauges;
    const rows = await sql.begin(async (tx) => {
      // A slow database must not hang the scrape: Prometheus gives up after its own timeout anyway.
      await tx`set local statement_timeout = '5s'`;
      return Promise.all([
        tx<{ name: string; status: string; age: number | null }[]>`
          select name, status::text as status, extract(epoch from now() - heartbeat_at)::float8 as age
          from whatsapp_sessions`,
        tx<{ session: string; from_me: boolean; source: string; n: number }[]>`
          select s.name as session, m.from_me, m.source::text as source, count(*)::int8 as n
          from whatsapp_sessions s
          cross join lateral (
            select from_me, source from whatsapp_messages
            where session_id = s.id and timestamp >= now() - interval '24 hours') m
          group by 1, 2, 3`,
        tx<{ n: number }[]>`
          select greatest(reltuples, 0)::int8 as n from pg_class where oid = 'whatsapp_messages'::regclass`,
        tx<{ session: string; kind: string; status: string; n: number }[]>`
          select s.name as session, c.kind::text as kind, c.status::text as status, count(*)::int8 as n
          from whatsapp_commands c join whatsapp_sessions s on s.id = c.session_id
          where c.status in ('pending', 'running', 'sending') group by 1, 2, 3`,
        tx<{ age: number | null }[]>`
          select extract(epoch from now() - min(created_at))::float8 as age from whatsapp_commands
          where status = 'pending'`,
        tx<{ session: string; status: string; n: number }[]>`
          select w.name as session, s.status::text as status,
            (select count(*) from whatsapp_commands c
             where c.session_id = w.id and c.status = s.status and c.created_at >= now() - interval '24 hours'
               and c.kind = 'send_message')::int8 as n
          from whatsapp_sessions w cross join unnest(enum_range(null::command_status)) s(status)
          where w.deleted_at is null`,
        tx<{ n: number }[]>`
          select count(*)::int8 as n from whatsapp_reservation_requests where status = 'notify_failed'`,
        tx<{ status: string; n: number }[]>`
          select d.status::text as status, count(*)::int8 as n
          from webhook_endpoints e
          cross join lateral (
            select status from webhook_deliveries
            where endpoint_id = e.id and created_at >= now() - interval '24 hours') d
          group by 1`,
        tx<{ status: string; n: number }[]>`
          select s.status::text as status,
            (select count(*) from webhook_deliveries d where d.status = s.status)::int8 as n
          from unnest(array['pending', 'failed', 'dead']::webhook_delivery_status[]) s(status)`,
      ]);
    });
    const [sessions, messages, estimate, outbox, oldest, sends, notify, webhooks, queue] = rows;

    g.sessions.reset();
    for (const s of sessions) g.sessions.set({ session: s.name, status: s.status }, 1);
    g.heartbeatAge.reset();
    for (const s of sessions) if (s.age !== null) g.heartbeatAge.set({ session: s.name }, s.age);

    g.messages24h.reset();
    for (const m of messages)
      g.messages24h.set(
        { session: m.session, direction: m.from_me ? 'outgoing' : 'incoming', source: m.source },
        Number(m.n),
      );
    g.messagesEstimate.set(Number(estimate[0]?.n ?? 0));

    g.outbox.reset();
    for (const c of outbox) g.outbox.set({ session: c.session, kind: c.kind, status: c.status }, Number(c.n));
    g.outboxOldest.set(oldest[0]?.age ?? 0);

    g.sends24h.reset();
    for (const s of sends) g.sends24h.set({ session: s.session, status: s.status }, Number(s.n));
    g.notifyFailed.set(Number(notify[0]?.n ?? 0));

    g.webhooks24h.reset();
    for (const w of webhooks) g.webhooks24h.set({ status: w.status }, Number(w.n));
    const queued = new Map(queue.map((q) => [q.status, Number(q.n)]));
    g.webhookBacklog.set((queued.get('pending') ?? 0) + (queued.get('failed') ?? 0));
    g.webhookDead.set(queued.get('dead') ?? 0);
  }
}
