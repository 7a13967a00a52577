import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whatsappReservationRequests } from '../lib/db/schema';
import { Invalid } from '../lib/errors';
import { getOverview } from '../lib/overview/get-overview';
import type { RequestStatus } from '../lib/reservations/request-status';
import { createTestDb, type TestDb } from './support/db';
import { createChat, createMessage, createSession } from './support/factories';

const HOUR = 3_600_000;

describe('getOverview', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  /** A session with one customer chat; `at` lists [timestamp, fromMe] of its messages. */
  async function sessionWith(name: string, at: [string, boolean][]) {
    // Alive: a heartbeat 10 s ago. Liveness is judged by the database's clock, not by the overview's `now`.
    const session = await createSession(t.db, { name, heartbeatAt: new Date(Date.now() - 10_000) });
    const chat = await createChat(t.db, { sessionId: session.id });
    for (const [timestamp, fromMe] of at)
      await createMessage(t.db, {
        sessionId: session.id,
        chatId: chat.id,
        fromMe,
        timestamp: new Date(timestamp),
      });
    return { session, chat };
  }

  it('counts today’s messages in the reader’s time zone and leaves other numbers out', async () => {
    // 2026-03-10 11:20 in Santiago (UTC-3): the local day began at 03:00 UTC.
    const now = new Date('2026-03-10T14:20:00Z');
    await sessionWith('counts', [
      ['2026-03-10T02:30:00Z', false], // 23:30 yesterday in Santiago
      ['2026-03-10T03:10:00Z', false],
      ['2026-03-10T09:00:00Z', false],
      ['2026-03-10T09:05:00Z', true],
      ['2026-03-10T14:00:00Z', true],
    ]);
    await sessionWith('other-number', [['2026-03-10T10:00:00Z', false]]);

    const santiago = await getOverview(t.db, {
      session: 'counts',
      timeZone: 'America/Santiago',
      staleSeconds: 30,
      now,
    });
    expect(santiago.messagesToday).toEqual({ since: '2026-03-10T03:00:00.000Z', inbound: 2, outbound: 2 });
    expect(santiago.connection).toMatchObject({
      session: 'counts',
      status: 'ready',
      worker: { alive: true },
    });

    // In UTC the day began at midnight, so the 02:30 message is today's as well.
    const utc = await getOverview(t.db, { session: 'counts', timeZone: 'UTC', staleSeconds: 30, now });
    expect(utc.messagesToday).toMatchObject({ since: '2026-03-10T00:00:00.000Z', inbound: 3, outbound: 2 });
  });

  it('returns 24 hourly buckets ending with the current hour, zero-filled', async () => {
    const now = new Date('2026-03-10T14:20:00Z');
    const { perHour } = await getOverview(t.db, {
      session: 'counts',
      timeZone: 'America/Santiago',
      staleSeconds: 30,
      now,
    });
    expect(perHour).toHaveLength(24);
    expect(perHour[0]!.start).toBe('2026-03-09T15:00:00.000Z');
    expect(perHour[23]!.start).toBe('2026-03-10T14:00:00.000Z');
    const at = (iso: string) => perHour.find((h) => h.start === iso);
    expect(at('2026-03-10T09:00:00.000Z')).toEqual({
      start: '2026-03-10T09:00:00.000Z',
      inbound: 1,
      outbound: 1,
    });
    expect(at('2026-03-10T14:00:00.000Z')).toMatchObject({ inbound: 0, outbound: 1 });
    expect(at('2026-03-10T02:00:00.000Z')).toMatchObject({ inbound: 1, outbound: 0 });
    expect(perHour.reduce((sum, h) => sum + h.inbound + h.outbound, 0)).toBe(5);
  });

  it('starts buckets on the local hour in a half-hour zone', async () => {
    // 19:50 in Kolkata (UTC+5:30): hours begin at :30 UTC.
    const now = new Date('2026-03-10T14:20:00Z');
    const kolkata = await getOverview(t.db, {
      session: 'counts',
      timeZone: 'Asia/Kolkata',
      staleSeconds: 30,
      now,
    });
    expect(kolkata.perHour[23]!.start).toBe('2026-03-10T13:30:00.000Z');
    expect(kolkata.perHour[0]!.start).toBe('2026-03-09T14:30:00.000Z');
    expect(kolkata.messagesToday.since).toBe('2026-03-09T18:30:00.000Z');
    const nine = kolkata.perHour.find((h) => h.start === '2026-03-10T08:30:00.000Z');
    expect(nine).toMatchObject({ inbound: 1, outbound: 1 });
  });

  it('keeps the repeated hour apart on the night the clocks go back', async () => {
    // Santiago leaves summer time at 03:00 UTC on 2026-04-05: local 23:00–24:00 of the 4th happens twice.
    await sessionWith('dst', [
      ['2026-04-05T02:30:00Z', false], // 23:30 at UTC-3
      ['2026-04-05T03:30:00Z', false], // 23:30 again, at UTC-4
      ['2026-04-05T04:10:00Z', true], // 00:10 on the 5th
    ]);
    const now = new Date('2026-04-05T06:30:00Z');
    const overview = await getOverview(t.db, {
      session: 'dst',
      timeZone: 'America/Santiago',
      staleSeconds: 30,
      now,
    });
    const starts = overview.perHour.map((h) => Date.parse(h.start));
    expect(starts.slice(1).every((s, i) => s - starts[i]! === HOUR)).toBe(true);
    expect(overview.perHour[23]!.start).toBe('2026-04-05T06:00:00.000Z');
    const bucketOf = (iso: string) =>
      overview.perHour.findIndex(
        (h) => Date.parse(h.start) <= Date.parse(iso) && Date.parse(iso) < Date.parse(h.start) + HOUR,
      );
    expect(bucketOf('2026-04-05T02:30:00Z')).not.toBe(bucketOf('2026-04-05T03:30:00Z'));
    expect(overview.perHour[bucketOf('2026-04-05T02:30:00Z')]).toMatchObject({ inbound: 1 });
    expect(overview.perHour[bucketOf('2026-04-05T03:30:00Z')]).toMatchObject({ inbound: 1 });
    expect(overview.messagesToday).toEqual({ since: '2026-04-05T04:00:00.000Z', inbound: 0, outbound: 1 });
  });

  it('counts requests by status, every status present, failed notifications apart', async () => {
    const { session, chat } = await sessionWith('requests', []);
    const statuses: RequestStatus[] = ['notified', 'notified', 'notify_failed', 'confirmed', 'unmatched'];
    for (const [i, status] of statuses.entries()) {
      const message = await createMessage(t.db, {
        sessionId: session.id,
        chatId: chat.id,
        body: `RES-AAA${i}`,
      });
      await t.db
        .insert(whatsappReservationRequests)
        .values({ sessionId: session.id, messageId: message.id, code: `RES-AAA${i}`, status });
    }
    const overview = await getOverview(t.db, { session: 'requests', staleSeconds: 30 });
    expect(overview.requests).toEqual({
      detected: 0,
      matched: 0,
      unmatched: 1,
      notified: 2,
      notify_failed: 1,
      confirmed: 1,
      rejected: 0,
    });
    expect(overview.failedNotifications).toBe(1);
    expect(overview.timeZone).toBe('America/Santiago');

    // Another number's requests never count on this one's overview, nor this one's on it.
    const other = await sessionWith('requests-other', []);
    const message = await createMessage(t.db, {
      sessionId: other.session.id,
      chatId: other.chat.id,
      body: 'RES-BBB1',
    });
    await t.db
      .insert(whatsappReservationRequests)
      .values({ sessionId: other.session.id, messageId: message.id, code: 'RES-BBB1', status: 'notified' });
    expect((await getOverview(t.db, { session: 'requests', staleSeconds: 30 })).requests.notified).toBe(2);
    const theirs = await getOverview(t.db, { session: 'requests-other', staleSeconds: 30 });
    expect(theirs.requests).toMatchObject({ notified: 1, unmatched: 0, confirmed: 0 });
  });

  it('answers zeros and no connection before the worker has created the session', async () => {
    const overview = await getOverview(t.db, { session: 'not-started', staleSeconds: 30 });
    expect(overview.connection).toBeNull();
    expect(overview.messagesToday).toMatchObject({ inbound: 0, outbound: 0 });
    expect(overview.perHour.every((h) => h.inbound === 0 && h.outbound === 0)).toBe(true);
  });

  it('refuses a time zone that does not exist', async () => {
    await expect(
      getOverview(t.db, { session: 'counts', timeZone: 'Mars/Olympus', staleSeconds: 30 }),
    ).rejects.toBeInstanceOf(Invalid);
  });
});
