import type { Sql } from '../db';
import { expectedMigrationCount } from '../db/migrate';

export interface Health {
  ok: boolean;
  database: { ok: boolean; latencyMs?: number; error?: string };
  migrations: { ok: boolean; applied?: number; expected: number };
  worker: {
    ok: boolean;
    sessions: { name: string; status: string; heartbeatAgeSeconds: number | null; alive: boolean }[];
  };
}

/**
 * What `/api/health` answers: healthy when the database answers, every shipped migration is applied and at
 * least one worker has heartbeated recently. Carries no secrets, no phone numbers, no message data.
 */
export async function checkHealth(sql: Sql, options: { staleSeconds: number }): Promise<Health> {
  const expected = expectedMigrationCount();
  const started = performance.now();
  try {
    await sql`select 1`;
  } catch (error) {
    return {
      ok: false,
      database: { ok: false, error: error instanceof Error ? error.constructor.name : 'unreachable' },
      migrations: { ok: false, expected },
      worker: { ok: false, sessions: [] },
    };
  }
  const latencyMs = Math.round((performance.now() - started) * 10) / 10;
  // Both reads report their failure in the answer itself: no migrations table means 0 applied (not
  // migrated yet), no sessions table means no worker — /api/health then says exactly that.
  const [migrationRow] = await sql<{ n: number }[]>`
    select count(*)::int as n from drizzle.__drizzle_migrations`.catch(() => [{ n: 0 }]);
  const applied = migrationRow?.n ?? 0;
  const rows = await sql<{ name: string; status: string; age: number | null }[]>`
    select name, status::text as status, extract(epoch from now() - heartbeat_at)::float8 as age
    from whatsapp_sessions order by name`.catch(() => []);
  const sessions = rows.map((r) => {
    const age = r.age === null ? null : Math.max(0, Math.round(r.age));
    return {
      name: r.name,
      status: r.status,
      heartbeatAgeSeconds: age,
      alive: age !== null && age <= options.staleSeconds,
    };
  });
  const migrationsOk = applied >= expected;
  const workerOk = sessions.some((s) => s.alive);
  return {
    ok: migrationsOk && workerOk,
    database: { ok: true, latencyMs },
    migrations: { ok: migrationsOk, applied, expected },
    worker: { ok: workerOk, sessions },
  };
}

/**
 * What an anonymous caller (a load balancer, an uptime probe) gets: healthy or not, and which part is not.
 * Session names, their states and heartbeat ages are for signed-in people and API keys.
 */
export function healthSummary(health: Health) {
  return {
    ok: health.ok,
    database: { ok: health.database.ok },
    migrations: { ok: health.migrations.ok },
    worker: { ok: health.worker.ok },
  };
}
