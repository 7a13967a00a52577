import type { z } from 'zod';
import { isMultipart, pathId, readJson, readMultipart, readQuery, validate } from '@/lib/api/body';
import { BadRequest, PayloadTooLarge } from '@/lib/api/errors';
import { apiRoute, json, jsonText } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { historyQuery } from '@/lib/api/schemas/search';
import { sendMediaForm, sendMessageBody } from '@/lib/api/schemas/whatsapp';
import { getConfig } from '@/lib/config';
import { TooLarge } from '@/lib/errors';
import { listMessagesJson } from '@/lib/whatsapp/list-messages';
import { queueChatMessage, type queueChatMessageInput } from '@/lib/whatsapp/queue-message';

const op = operationsAt('/api/v1/superadmin/whatsapp/chats/{id}/messages/');

export const GET = apiRoute<{ id: string }>(op.get, async ({ db, url, params }) => {
  const chatId = pathId(params.id, 'chat');
  return jsonText(await listMessagesJson(db, { chatId, ...readQuery(url, historyQuery) }));
});

/** Room for the form's other fields and boundaries around the file. */
const FORM_OVERHEAD = 64 * 1024;

type SendInput = z.input<typeof queueChatMessageInput>;

/** A file with its caption, sent as multipart; a file over MEDIA_MAX_MB is refused before it is read whole. */
async function mediaInput(request: Request): Promise<Omit<SendInput, 'chatId'>> {
  const maxFileBytes = getConfig().MEDIA_MAX_MB * 1024 * 1024;
  const form = await readMultipart(request, maxFileBytes + FORM_OVERHEAD).catch((error: unknown) => {
    if (error instanceof PayloadTooLarge)
      throw new TooLarge(
        `The file is larger than ${getConfig().MEDIA_MAX_MB} MB, the most that can be sent (MEDIA_MAX_MB).`,
        {
          reason: 'file_too_large',
          limitBytes: maxFileBytes,
        },
      );
    throw error;
  });
  const fields = validate(sendMediaForm, Object.fromEntries(form), 'Invalid request body.');
  return {
    body: fields.caption,
    quotedMessageId: fields.quotedMessageId,
    idempotencyKey: fields.idempotencyKey,
    file: {
      bytes: new Uint8Array(await fields.file.arrayBuffer()),
      filename: fields.file.name,
      asDocument: fields.asDocument === 'true',
    },
    maxFileBytes,
  };
}

/** 202: the message is queued; poll GET …/commands/{id}/ for the outcome. JSON for text, multipart for a file. */
export const POST = apiRoute<{ id: string }>(op.post, async ({ db, request, params, actor }) => {
  const chatId = pathId(params.id, 'chat');
  const header = request.headers.get('idempotency-key') ?? undefined;
  if (header !== undefined && (header.length === 0 || header.length > 150))
    throw new BadRequest('Idempotency-Key must be 1 to 150 characters.');
  // Text as JSON, or a file as multipart: either way one send, keyed by the body's key or the header's.
  const input: Omit<SendInput, 'chatId'> = isMultipart(request)
    ? await mediaInput(request)
    : await readJson(request, sendMessageBody);
  const { command, created } = await queueChatMessage(
    db,
    { ...input, chatId, idempotencyKey: input.idempotencyKey ?? header },
    actor,
  );
  return json({ command, created }, 202);
});
