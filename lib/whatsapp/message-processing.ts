import type { Sql } from '../db';

/**
 * Committed messages whose domain reactions (codes, webhooks) have not run yet, oldest first. Parked ones
 * (parked-messages.ts) wait for a person to replay them.
 */
export async function unprocessedMessageIds(sql: Sql, sessionId: number, limit: number): Promise<number[]> {
  const rows = await sql<{ id: number }[]>`
    select id::int8 as id from whatsapp_messages
    where session_id = ${sessionId} and processed_at is null and parked_at is null
    order by id limit ${limit}`;
  return rows.map((r) => Number(r.id));
}

export async function markMessagesProcessed(sql: Sql, messageIds: number[]): Promise<void> {
  await sql`update whatsapp_messages set processed_at = now() where id = any(${sql.array(messageIds)}::bigint[])`;
}
