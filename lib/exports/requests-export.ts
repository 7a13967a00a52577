import type { Actor } from '../audit/actor';
import { recordAudit } from '../audit/record';
import type { Tx } from '../db';
import { parseInput } from '../errors/parse';
import { type ListRequestsInput, listRequests, listRequestsInput } from '../reservations/list-requests';
import { CSV_BOM, csvRow } from './csv';

export const REQUEST_CSV_COLUMNS = [
  'id',
  'created_at',
  'code',
  'status',
  'customer',
  'customer_whatsapp',
  'experience',
  'operator',
  'group',
  'group_source',
  'notify_attempts',
  'error',
  'message',
] as const;

/**
 * The reservation requests list, with the list's own filters, as CSV for the operations team: read through
 * the list verb's keyset pages (200 rows at a time), so it streams like the chat export. Audited.
 */
export async function exportRequests(
  db: Tx,
  input: Omit<ListRequestsInput, 'cursor' | 'limit'> & { batchSize?: number },
  actor: Actor,
) {
  const { batchSize = 200, ...filters } = input;
  const parsed = parseInput(listRequestsInput, filters);
  await recordAudit(db, {
    actor,
    action: 'reservation_requests.export',
    targetType: 'reservation_request',
    details: { format: 'csv', status: parsed.status ?? null, code: parsed.code ?? null },
  });
  async function* chunks(): AsyncGenerator<string> {
    yield CSV_BOM + csvRow([...REQUEST_CSV_COLUMNS]);
    let cursor: string | undefined;
    for (;;) {
      const page = await listRequests(db, { ...filters, limit: batchSize, cursor });
      yield page.items
        .map((r) =>
          csvRow([
            r.id,
            r.createdAt,
            r.code,
            r.status,
            r.customerChat.name ?? '',
            r.customerChat.waId,
            r.experience?.title ?? '',
            r.operator?.name ?? '',
            r.groupChat?.name ?? r.groupChat?.waId ?? '',
            r.groupSource ?? '',
            r.notifyAttempts,
            r.error ?? '',
            r.messageBody,
          ]),
        )
        .join('');
      if (!page.nextCursor) return;
      cursor = page.nextCursor;
    }
  }
  const date = new Date().toISOString().slice(0, 10);
  return {
    chunks: chunks(),
    filename: `reservation-requests-${date}.csv`,
    contentType: 'text/csv; charset=utf-8',
  };
}
