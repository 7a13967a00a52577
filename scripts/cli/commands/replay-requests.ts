import { z } from 'zod';
import { DomainError } from '../../../lib/errors';
import { listRequests } from '../../../lib/reservations/list-requests';
import { REPLAYABLE, replayRequest } from '../../../lib/reservations/notification/replay';
import { defineCommand } from '../command';

export const replayRequestsCommand = defineCommand({
  name: 'replay-requests',
  usage: 'replay-requests [--status notify_failed|unmatched]',
  summary:
    'Reintenta el aviso de las solicitudes fallidas (o sin coincidencia) tras corregir la configuración.',
  options: { status: { type: 'string' } },
  schema: z.object({
    positionals: z.tuple([]),
    values: z.object({
      status: z
        .enum(['notify_failed', 'unmatched'], { error: `--status debe ser ${REPLAYABLE.join(' o ')}` })
        .default('notify_failed'),
    }),
  }),
  run: async ({ db, out, err }, { values }) => {
    const ids: { id: number; code: string }[] = [];
    let cursor: string | undefined;
    do {
      const page = await listRequests(db, { status: values.status, limit: 200, cursor });
      ids.push(...page.items.map((i) => ({ id: i.id, code: i.code })));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    if (ids.length === 0) {
      out(`No hay solicitudes en estado ${values.status}.`);
      return 0;
    }
    let failures = 0;
    for (const [index, { id, code }] of ids.entries()) {
      try {
        const after = await replayRequest(db, { requestId: id, actor: { type: 'system', label: 'cli' } });
        const why = after.error ? ` — ${after.error}` : '';
        out(`[${index + 1}/${ids.length}] #${id} ${code}: ${values.status} → ${after.status}${why}`);
      } catch (error) {
        failures++;
        const message = error instanceof DomainError ? error.message : String(error);
        err(`[${index + 1}/${ids.length}] #${id} ${code}: no se pudo reintentar: ${message}`);
      }
    }
    return failures > 0 ? 1 : 0;
  },
});
