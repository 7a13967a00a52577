import { describe, expect, it } from 'vitest';
import type { Sql } from '../../lib/db';
import { waitFor } from '../support/processes';
import type { Worker } from '../support/stack';
import { faultScenario } from './support/faults';

const NUMBERS = ['n1', 'n2', 'n3', 'n4'];
const pidOf = (owner: string) => Number(owner.split(':')[1]);

async function holders(sql: Sql) {
  const rows = await sql<{ name: string; owner: string | null; status: string }[]>`
    select name, case when lease_expires_at > now() then lease_owner end as owner, status::text
    from whatsapp_sessions order by name`;
  return rows;
}

async function countsBySession(sql: Sql) {
  const rows = await sql<{ name: string; total: number; distinct: number }[]>`
    select s.name, count(m.id)::int as total, count(distinct (m.protocol_id, m.from_me))::int as distinct
    from whatsapp_sessions s left join whatsapp_messages m on m.session_id = s.id
    group by s.name order by s.name`;
  return Object.fromEntries(rows.map((r) => [r.name, { total: r.total, distinct: r.distinct }]));
}

/**
 * The pool with real processes: two workers share four numbers (two each), one is killed with SIGKILL while
 * its numbers receive a burst, and the survivor takes all four over within the lease time, back-filling
 * what the dead one missed: every number ready again, nothing lost, nothing stored twice.
 */
describe('two workers, four numbers', () => {
  const scenario = faultScenario('tuki-fault-pool-');
  const env = { WORKER_LEASE_SECONDS: '6', WORKER_HEARTBEAT_SECONDS: '2', WORKER_MAX_SESSIONS: '4' };

  it('spreads the numbers, and the survivor runs all four after a kill -9 with nothing lost or duplicated', async () => {
    const { t } = scenario;
    // The numbers are added (started) once both workers run, as from the dashboard: a worker that is alone
    // when numbers arrive takes them all, up to its capacity; running numbers are never moved to rebalance.
    for (const name of NUMBERS)
      await t.sql`insert into whatsapp_sessions (name, desired_state) values (${name}, 'stopped')`;
    const a = await scenario.startWorker(env);
    const b = await scenario.startWorker(env);
    const workers = [a, b];
    await waitFor(
      'both workers in the pool',
      async () =>
        (await t.sql`select 1 from whatsapp_workers where heartbeat_at > now() - interval '6 seconds'`)
          .length === 2
          ? true
          : undefined,
      30_000,
    );
    await t.sql`update whatsapp_sessions set desired_state = 'running'`;
    await t.sql`select pg_notify('tuki_pool', ${JSON.stringify({ type: 'pool_changed', sessionId: 0 })})`;
    const byPid = (pid: number) => workers.find((w) => w.child.pid === pid)!;

    // Spread evenly: two numbers each.
    const spread = await waitFor(
      'all four numbers claimed',
      async () => {
        const rows = await holders(t.sql);
        return rows.every((r) => r.owner) ? rows : undefined;
      },
      30_000,
    );
    const perWorker = new Map<number, string[]>();
    for (const r of spread)
      perWorker.set(pidOf(r.owner!), [...(perWorker.get(pidOf(r.owner!)) ?? []), r.name]);
    expect([...perWorker.values()].map((names) => names.length).sort()).toEqual([2, 2]);

    // Scan each number's QR on the worker that runs it.
    for (const r of spread) {
      const fake = byPid(pidOf(r.owner!)).fakeFor(r.name);
      await waitFor(
        'its QR',
        async () => ((await fake.scan().catch(() => undefined)) ? true : undefined),
        30_000,
      );
    }
    await waitFor(
      'all four ready',
      async () => ((await holders(t.sql)).every((r) => r.status === 'ready') ? true : undefined),
      30_000,
    );

    // Every number receives a burst; the numbers of `a` are still receiving when it dies.
    const victim = a;
    const victimNumbers = perWorker.get(victim.child.pid!)!;
    for (const name of NUMBERS) {
      const holder = victimNumbers.includes(name) ? victim : b;
      await holder.fakeFor(name).bulk({ count: 1500, chats: 6, rate: 300 });
    }
    await new Promise((r) => setTimeout(r, 1500));
    await victim.kill9();

    const survivor: Worker = b;
    await waitFor(
      'the survivor to hold all four, ready',
      async () => {
        const rows = await holders(t.sql);
        const all = rows.every(
          (r) => r.owner && pidOf(r.owner) === survivor.child.pid && r.status === 'ready',
        );
        return all ? true : undefined;
      },
      45_000,
    );
    const expected = Object.fromEntries(NUMBERS.map((n) => [n, { total: 1500, distinct: 1500 }]));
    await waitFor(
      'every message of every number stored',
      async () => {
        const counts = await countsBySession(t.sql);
        return NUMBERS.every((n) => (counts[n]?.total ?? 0) >= 1500) ? true : undefined;
      },
      60_000,
    );
    await new Promise((r) => setTimeout(r, 1500)); // a late duplicate would show up now
    expect(await countsBySession(t.sql)).toEqual(expected);

    // The taken-over numbers keep receiving on the survivor.
    await survivor.fakeFor(victimNumbers[0]!).message({ chatId: '56977777777@c.us', body: 'Sigo aquí' });
    await waitFor(
      'the live message after the take-over',
      async () => ((await countsBySession(t.sql))[victimNumbers[0]!]!.total === 1501 ? true : undefined),
      15_000,
    );
  });
});
