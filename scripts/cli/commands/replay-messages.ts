import { z } from 'zod';
import { listParkedMessages, replayParkedMessage } from '../../../lib/whatsapp/parked-messages';
import { ensureSession } from '../../../lib/whatsapp/sessions/lease';
import { defineCommand } from '../command';

/** Lists the parked messages of WA_SESSION and, with --all or an id, hands them back to the worker. */
export const replayMessagesCommand = defineCommand({
  name: 'replay-messages',
  usage: 'replay-messages [<id>…] [--all]',
  summary:
    'Muestra los mensajes cuyo procesamiento falló y los vuelve a procesar (por id, o todos con --all).',
  options: { all: { type: 'boolean' } },
  schema: z.object({
    positionals: z.array(z.coerce.number({ error: 'cada id debe ser un número' }).int().positive()).max(200),
    values: z.object({ all: z.boolean().default(false) }),
  }),
  run: async ({ db, config, out, err }, { positionals, values }) => {
    const session = await ensureSession(db, config.WA_SESSION);
    const { items, total } = await listParkedMessages(db, { sessionId: session.id, limit: 200 });
    if (positionals.length === 0 && !values.all) {
      if (total === 0) out('No hay mensajes detenidos.');
      for (const m of items)
        out(
          `#${m.id} ${m.chatName ?? m.chatId} (${m.attempts} ${m.attempts === 1 ? 'fallo' : 'fallos'}): ${m.error ?? ''}`,
        );
      if (total > items.length) out(`… y ${total - items.length} más.`);
      return 0;
    }
    const ids = values.all ? items.map((m) => m.id) : positionals;
    let failures = 0;
    for (const id of ids) {
      try {
        await replayParkedMessage(db, {
          sessionId: session.id,
          messageId: id,
          actor: { type: 'system', label: 'cli' },
        });
        out(`#${id}: en cola para procesarse de nuevo.`);
      } catch (error) {
        failures++;
        err(`#${id}: no se pudo reintentar: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return failures > 0 ? 1 : 0;
  },
});
