import type { Sql } from '../db';
import { publish } from '../events/notify';
import type { CommandKind, CommandStatus } from './command-kinds';

export interface CommandRow {
  id: number;
  session_id: number;
  kind: CommandKind;
  payload: Record<string, unknown>;
  status: CommandStatus;
  /** What it answered; before it finished, what an earlier attempt left for the next (a send the page took). */
  result: Record<string, unknown> | null;
  attempts: number;
  claimed_at: string | null;
  claimed_by: string | null;
}

/**
 * Claims the oldest due command of the given kinds. FOR UPDATE SKIP LOCKED: two workers racing for the
 * same outbox each get a different row, never the same one.
 */
export async function claimCommand(sql: Sql, sessionId: number, owner: string, kinds: CommandKind[]) {
  if (kinds.length === 0) return undefined;
  const [row] = await sql<CommandRow[]>`
    update whatsapp_commands set status = 'running', attempts = attempts + 1, claimed_by = ${owner},
      claimed_at = now(), updated_at = now()
    where id = (
      select id from whatsapp_commands
      where session_id = ${sessionId} and status = 'pending' and run_after <= now()
        and kind = any(${sql.array(kinds)}::command_kind[])
      order by run_after, id
      for update skip locked
      limit 1)
    returning id::int8 as id, session_id::int8 as session_id, kind, payload, status, result, attempts, claimed_at, claimed_by`;
  return row ? { ...row, id: Number(row.id), session_id: Number(row.session_id) } : undefined;
}

/**
 * Moves a claimed command on; `sending` is committed BEFORE the library is asked to send. (JSON goes in as
 * text + ::jsonb: drizzle swaps the shared client's JSON serializer for a pass-through.)
 */
export async function setCommandState(
  sql: Sql,
  id: number,
  state: {
    status: CommandStatus;
    result?: Record<string, unknown>;
    error?: string | null;
    progress?: { done: number; total?: number; note?: string };
    runAfterMs?: number;
  },
  /** Only while this worker still holds the claim: a fenced worker must not move a command another one took. */
  guard?: { owner: string },
): Promise<boolean> {
  const finished = ['succeeded', 'failed', 'unknown', 'cancelled'].includes(state.status);
  const [row] = await sql<{ session_id: number }[]>`
    update whatsapp_commands set status = ${state.status},
      result = coalesce(${state.result ? JSON.stringify(state.result) : null}::jsonb, result),
      error = ${state.error ?? null},
      progress = coalesce(${state.progress ? JSON.stringify(state.progress) : null}::jsonb, progress),
      run_after = case when ${state.runAfterMs ?? null}::int is null then run_after
                  else now() + make_interval(secs => ${(state.runAfterMs ?? 0) / 1000}) end,
      finished_at = case when ${finished} then now() else finished_at end,
      claimed_by = case when ${state.status} = 'pending' then null else claimed_by end,
      updated_at = now()
    where id = ${id} and (${guard?.owner ?? null}::text is null or claimed_by = ${guard?.owner ?? null})
    returning session_id::int8 as session_id`;
  if (row) await publish(sql, { type: 'command', sessionId: Number(row.session_id), commandId: id });
  return Boolean(row);
}

export async function reportProgress(
  sql: Sql,
  id: number,
  progress: { done: number; total?: number; note?: string },
) {
  await sql`update whatsapp_commands set progress = ${JSON.stringify(progress)}::jsonb, updated_at = now() where id = ${id}`;
}

/** Commands a dead worker left mid-flight. Only the lease holder calls this, so none of them is live. */
export async function orphanedCommands(sql: Sql, sessionId: number, owner: string) {
  const rows = await sql<CommandRow[]>`
    select id::int8 as id, session_id::int8 as session_id, kind, payload, status, result, attempts, claimed_at,
      claimed_by
    from whatsapp_commands
    where session_id = ${sessionId} and status in ('running', 'sending') and claimed_by is distinct from ${owner}`;
  return rows.map((r) => ({ ...r, id: Number(r.id), session_id: Number(r.session_id) }));
}
