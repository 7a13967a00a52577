import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { load } from '../../bench/lib/load';
import { SYSTEM_ACTOR } from '../../lib/audit/actor';
import { createApiKey } from '../../lib/auth/api-keys';
import { createUser } from '../../lib/auth/users';
import { CHANNELS, liveEventSchema } from '../../lib/events/notify';
import { ensureBuild } from '../../scripts/lib/build';
import { waitFor } from '../support/processes';
import {
  linkAndWaitReady,
  openSse,
  type SseClient,
  sessionCookieFor,
  startWeb,
  type Web,
} from '../support/stack';
import { faultScenario, faultSettings, messageCounts, sessionStatus } from './support/faults';

const SECONDS = faultSettings.FAULTS_LOAD_SECONDS;
const CLIENTS = 200;
const RATE = 1000;

/** The same bytes for an event however it travelled (NOTIFY payload, or SSE `data:` line). */
const canonical = (data: unknown) => JSON.stringify(liveEventSchema.parse(data));

/**
 * 200 dashboards open (SSE), 1,000 incoming messages a second and API clients reading the chat list, all at
 * once for FAULTS_LOAD_SECONDS (60 s by default): no HTTP error, no dropped stream, every message stored once,
 * and every stream receives every live event, in order (compared with our own LISTEN on the channel).
 */
describe('SSE fan-out under load', () => {
  beforeAll(() => {
    ensureBuild(process.cwd(), (line) => console.log(line)); // next start serves the production build
  });
  const scenario = faultScenario('tuki-fault-live-');
  let web: Web | undefined;
  const clients: SseClient[] = [];
  afterAll(async () => {
    for (const c of clients) c.close();
    await web?.stop();
  });

  it('delivers every event to every client with zero errors', {
    timeout: (SECONDS * 3 + 180) * 1000,
  }, async () => {
    const { t } = scenario;
    const admin = await createUser(t.db, {
      email: 'load@tuki.test',
      password: 'load-password-123',
      role: 'superadmin',
    });
    const keys: string[] = [];
    for (let i = 0; i < Math.ceil(SECONDS / 2) + 10; i++)
      keys.push((await createApiKey(t.db, { name: `load ${i}`, scope: 'read' }, SYSTEM_ACTOR)).key);
    const worker = await scenario.startWorker();
    web = await startWeb(t.url);
    await linkAndWaitReady(worker, sessionStatus(t.sql));
    await new Promise((r) => setTimeout(r, 1000)); // the post-ready sync's events are not part of the test

    const cookie = await sessionCookieFor(admin.id);
    for (let i = 0; i < CLIENTS; i++) clients.push(await openSse(`${web.url}/api/events`, cookie));
    const reference: string[] = [];
    const listener = await t.sql.listen(CHANNELS.events, (payload) =>
      reference.push(canonical(JSON.parse(payload))),
    );
    await new Promise((r) => setTimeout(r, 1000));
    const mark = performance.now();
    expect(reference).toEqual([]); // quiet before the burst: both sides start from the same point

    let next = 0;
    const [api] = await Promise.all([
      load({
        url: `${web.url}/api/v1/superadmin/whatsapp/chats/?limit=50`,
        connections: 8,
        seconds: SECONDS,
        headers: () => ({ authorization: `Bearer ${keys[next++ % keys.length]}` }),
      }),
      worker.fake.bulk({ count: SECONDS * RATE, chats: 50, rate: RATE }),
    ]);
    await waitFor(
      'the whole burst to be stored',
      async () => ((await messageCounts(t.sql)).total >= SECONDS * RATE ? true : undefined),
      120_000,
    );
    // Settled: no new event for two seconds.
    let seen = -1;
    await waitFor(
      'the live events to settle',
      async () => {
        const settled = reference.length === seen;
        seen = reference.length;
        await new Promise((r) => setTimeout(r, 2000));
        return settled && reference.length === seen ? true : undefined;
      },
      60_000,
    );
    await listener.unlisten();
    const received = (c: SseClient) => c.events.filter((e) => e.at >= mark).map((e) => canonical(e.data));
    await waitFor(
      'every client to have every event',
      () => (clients.every((c) => received(c).length >= reference.length) ? true : undefined),
      30_000,
    );

    expect(api.requests).toBeGreaterThan(0);
    expect({ non2xx: api.non2xx, errors: api.errors }).toEqual({ non2xx: 0, errors: 0 });
    expect(await messageCounts(t.sql)).toEqual({ total: SECONDS * RATE, distinct: SECONDS * RATE });
    expect(reference.length).toBeGreaterThan(SECONDS); // the burst produced a steady stream of events
    expect(clients.flatMap((c) => c.errors)).toEqual([]);
    const differing = clients.filter((c) => JSON.stringify(received(c)) !== JSON.stringify(reference));
    expect(differing.length).toBe(0);
  });
});
