import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { enqueueCommand } from '../../../lib/commands/enqueue';
import type { Db } from '../../../lib/db';
import { whatsappChats } from '../../../lib/db/schema';
import { ensureSession } from '../../../lib/whatsapp/sessions/lease';
import { type CliContext, defineCommand, UsageError } from '../command';
import { waitForCommand } from '../wait-for-command';

const waitOptions = {
  'no-wait': { type: 'boolean' },
  timeout: { type: 'string' },
} as const;

const waitValues = {
  'no-wait': z.boolean().default(false),
  timeout: z.coerce
    .number({ error: '--timeout debe ser un número de segundos' })
    .int('--timeout debe ser un número entero de segundos')
    .min(1, '--timeout debe ser al menos 1')
    .max(86_400)
    .default(600),
};

async function enqueueAndMaybeWait(
  ctx: CliContext,
  values: { 'no-wait': boolean; timeout: number },
  kind: 'sync_chats' | 'sync_chat_messages',
  payload: Record<string, unknown>,
) {
  const session = await ensureSession(ctx.db, ctx.config.WA_SESSION);
  const { command } = await enqueueCommand(ctx.db, {
    sessionId: session.id,
    kind,
    payload,
    createdBy: 'cli',
  });
  ctx.out(`Comando #${command.id} (${kind}) en cola para la sesión «${session.name}».`);
  if (values['no-wait']) return 0;
  return waitForCommand(ctx.db, command.id, { timeoutSeconds: values.timeout, out: ctx.out, err: ctx.err });
}

export const syncChatsCommand = defineCommand({
  name: 'sync-chats',
  usage: 'sync-chats [--no-wait] [--timeout <segundos>]',
  summary: 'Pide al worker sincronizar la lista de chats y grupos, y espera mostrando el avance.',
  options: waitOptions,
  schema: z.object({ positionals: z.tuple([]), values: z.object(waitValues) }),
  run: (ctx, { values }) => enqueueAndMaybeWait(ctx, values, 'sync_chats', {}),
});

/** A chat named by its WhatsApp id (569…@c.us, …@g.us) or by the number the dashboard shows (#id). */
async function chatWaId(db: Db, chat: string) {
  if (!/^\d+$/.test(chat)) return chat;
  const [row] = await db
    .select({ waId: whatsappChats.waId })
    .from(whatsappChats)
    .where(eq(whatsappChats.id, Number(chat)));
  if (!row) throw new UsageError(`No existe el chat #${chat}.`);
  return row.waId;
}

export const syncMessagesCommand = defineCommand({
  name: 'sync-messages',
  usage: 'sync-messages <chatId> [--limit N] [--no-wait] [--timeout <segundos>]',
  summary: 'Pide al worker traer el historial de un chat (id de WhatsApp o número de chat) y espera.',
  options: { ...waitOptions, limit: { type: 'string' } },
  schema: z.object({
    positionals: z.tuple([
      z
        .string()
        .regex(
          /^(\d+|[\w.-]+@(c\.us|g\.us|lid))$/,
          'el chat debe ser un id de WhatsApp (569…@c.us, …@g.us) o un número de chat',
        ),
    ]),
    values: z.object({
      ...waitValues,
      limit: z.coerce
        .number({ error: '--limit debe ser un número' })
        .int('--limit debe ser un número entero')
        .min(1, '--limit debe ser al menos 1')
        .max(50_000, '--limit puede ser como máximo 50000')
        .default(1000),
    }),
  }),
  run: async (ctx, { positionals: [chat], values }) =>
    enqueueAndMaybeWait(ctx, values, 'sync_chat_messages', {
      chatId: await chatWaId(ctx.db, chat),
      limit: values.limit,
    }),
});
