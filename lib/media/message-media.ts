import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../audit/actor';
import { recordAudit } from '../audit/record';
import type { Tx } from '../db';
import { mediaBlobs, mediaDownloads, whatsappMessages } from '../db/schema';
import { NotFound } from '../errors';
import { parseInput } from '../errors/parse';
import type { MediaState } from './states';

const messageInput = z.object({ messageId: z.number().int().positive() });

/** The stored file of a message, for the media route: 404 unless its bytes are there. */
export async function storedMediaOf(db: Tx, input: z.input<typeof messageInput>) {
  const { messageId } = parseInput(messageInput, input);
  const [row] = await db
    .select({
      sha256: mediaBlobs.sha256,
      size: mediaBlobs.size,
      mimetype: mediaBlobs.mimetype,
      filename: whatsappMessages.mediaFilename,
      type: whatsappMessages.type,
    })
    .from(mediaDownloads)
    .innerJoin(whatsappMessages, eq(whatsappMessages.id, mediaDownloads.messageId))
    .innerJoin(mediaBlobs, eq(mediaBlobs.sha256, mediaDownloads.sha256))
    .where(and(eq(mediaDownloads.messageId, messageId), eq(mediaDownloads.state, 'stored')));
  if (!row) throw new NotFound(`Message ${messageId} has no stored media.`, { messageId });
  return row;
}

const requeueInput = messageInput.extend({
  actor: z.custom<Actor>((v) => typeof v === 'object' && v !== null && 'type' in v, 'an actor'),
});

/** States a person may send back to the queue: a failure, "download anyway" past the limit, a retry of the rest. */
// `pending` too: one waiting out its backoff (WhatsApp did not hand the file over yet) is asked for now.
const REQUEUEABLE: MediaState[] = ['pending', 'failed', 'too_large', 'expired', 'purged'];

/**
 * A superadmin's "download now": the item goes back to the queue, due at once, with its attempts reset; a
 * too_large item is then downloaded whatever MEDIA_MAX_MB says. Downloading or stored items are left as they
 * are. Answers the state the item is in afterwards.
 */
export async function requestMediaDownload(
  db: Tx,
  input: z.input<typeof requeueInput>,
): Promise<{ messageId: number; state: MediaState }> {
  const { messageId, actor } = parseInput(requeueInput, input);
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ state: mediaDownloads.state })
      .from(mediaDownloads)
      .where(eq(mediaDownloads.messageId, messageId))
      .for('update');
    if (!current) throw new NotFound(`Message ${messageId} has no media to download.`, { messageId });
    if (!REQUEUEABLE.includes(current.state)) return { messageId, state: current.state };
    await tx
      .update(mediaDownloads)
      .set({
        state: 'pending',
        attempts: 0,
        nextAttemptAt: sql`now()`,
        ignoreLimit: sql`${mediaDownloads.ignoreLimit} or ${current.state === 'too_large'}`,
        error: null,
      })
      .where(eq(mediaDownloads.messageId, messageId));
    await recordAudit(tx, {
      actor,
      action: 'media.download',
      targetType: 'whatsapp_message',
      targetId: messageId,
      details: { from: current.state },
    });
    return { messageId, state: 'pending' as const };
  });
}
