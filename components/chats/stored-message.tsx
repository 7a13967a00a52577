'use client';

import * as Popover from '@radix-ui/react-popover';
import { Reply, SmilePlus } from 'lucide-react';
import { useState } from 'react';
import { useI18n } from '../i18n';
import { cn } from '../ui/cn';
import { ContactCards, LocationCard, PollCard, QuotedBlock, ReactionsRow } from './bubble-cards';
import { MediaContent } from './bubble-media';
import { MessageBubble } from './message-bubble';
import { kindOf } from './message-kinds';
import type { RichMessage } from './types';

/** The quick reactions WhatsApp offers first. */
export const QUICK_REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏'];

/** A stored message drawn by its kind: file, place, contact cards, poll or text; with its reply and reactions. */
export function StoredMessage({
  m,
  time,
  sender,
  senderLabel,
  canWrite,
  highlighted,
  onReply,
  onReact,
  onJump,
}: {
  m: RichMessage;
  time: string;
  /** The author's name in a group (null elsewhere and for our own). */
  sender: string | null;
  /** How to name the author of a quoted message. */
  senderLabel: (who: { fromMe: boolean; senderWid: string | null }) => string;
  canWrite: boolean;
  highlighted: boolean;
  onReply: (m: RichMessage) => void;
  onReact: (m: RichMessage, emoji: string) => void;
  onJump: (id: number) => void;
}) {
  const { t } = useI18n();
  const kind = kindOf(m.type);
  const revoked = m.revokedAt !== null || m.type === 'revoked';
  // A location's and a contact's body only repeats what their card shows; a poll's is its name.
  const cardKind = !revoked && (kind === 'location' || kind === 'contact' || kind === 'poll');
  const quoted = m.quoted ?? (m.quotedProtocolId ? quotedStub(m.quotedProtocolId) : null);
  const mine = m.reactions?.find((r) => r.fromMe)?.emoji;
  return (
    <MessageBubble
      fromMe={m.fromMe}
      body={cardKind && (m.location || m.vcards?.length || m.poll) ? undefined : m.body}
      time={time}
      ack={m.ack}
      source={m.source}
      edited={m.editedAt !== null}
      previousBody={m.previousBody}
      revoked={revoked}
      sender={sender}
      messageId={m.id}
      kind={revoked ? 'revoked' : kind}
      highlighted={highlighted}
      narrow={!revoked && Boolean(m.media) && (kind === 'image' || kind === 'video' || kind === 'sticker')}
      quoted={
        quoted ? <QuotedBlock quoted={quoted} senderLabel={senderLabel(quoted)} onJump={onJump} /> : null
      }
      reactions={
        m.reactions?.length ? (
          <ReactionsRow reactions={m.reactions} onRemove={canWrite ? () => onReact(m, '') : undefined} />
        ) : null
      }
      actions={
        canWrite && !revoked ? (
          <>
            <button
              type="button"
              aria-label={t.chats.bubble.reply}
              title={t.chats.bubble.reply}
              onClick={() => onReply(m)}
              className="flex size-8 items-center justify-center rounded-full text-slate-600 hover:bg-white touch:min-h-11 touch:min-w-11 dark:text-slate-300 dark:hover:bg-slate-800"
            >
              <Reply aria-hidden className="size-4" />
            </button>
            <ReactionPicker mine={mine} onPick={(emoji) => onReact(m, emoji === mine ? '' : emoji)} />
          </>
        ) : null
      }
    >
      {revoked ? (
        canWrite && m.body ? (
          <div
            data-testid="revoked-original"
            className="mt-1 rounded-md border border-dashed border-slate-400 px-2 py-1 dark:border-slate-500"
          >
            <p className="text-[11px] font-medium text-slate-600 dark:text-slate-400">
              {t.chats.bubble.original}
            </p>
            <p className="whitespace-pre-wrap wrap-anywhere text-slate-700 dark:text-slate-300">{m.body}</p>
          </div>
        ) : null
      ) : m.media ? (
        <div className={cn(m.body && 'mb-1')}>
          <MediaContent message={m} canWrite={canWrite} />
        </div>
      ) : kind === 'location' && m.location ? (
        <LocationCard location={m.location} />
      ) : kind === 'contact' && m.vcards?.length ? (
        <ContactCards cards={m.vcards} />
      ) : kind === 'poll' && m.poll ? (
        <PollCard poll={m.poll} />
      ) : null}
    </MessageBubble>
  );
}

/** A reply to a message we never stored: WhatsApp only gave its id. */
function quotedStub(protocolId: string): NonNullable<RichMessage['quoted']> {
  return { id: null, protocolId, body: '', type: 'chat', fromMe: false, senderWid: null };
}

function ReactionPicker({ mine, onPick }: { mine: string | undefined; onPick: (emoji: string) => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger asChild>
        <button
          type="button"
          aria-label={t.chats.bubble.react}
          title={t.chats.bubble.react}
          className="flex size-8 items-center justify-center rounded-full text-slate-600 hover:bg-white touch:min-h-11 touch:min-w-11 dark:text-slate-300 dark:hover:bg-slate-800"
        >
          <SmilePlus aria-hidden className="size-4" />
        </button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          side="top"
          sideOffset={4}
          className="z-50 flex gap-0.5 rounded-full border border-slate-200 bg-white p-1 shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          {QUICK_REACTIONS.map((emoji) => (
            <button
              key={emoji}
              type="button"
              aria-label={
                emoji === mine
                  ? `${t.chats.bubble.removeReaction} ${emoji}`
                  : `${t.chats.bubble.react} ${emoji}`
              }
              aria-pressed={emoji === mine}
              onClick={() => {
                setOpen(false);
                onPick(emoji);
              }}
              className={cn(
                'flex size-9 items-center justify-center rounded-full text-xl hover:bg-slate-100 touch:min-h-11 touch:min-w-11 dark:hover:bg-slate-800',
                emoji === mine && 'bg-brand-100 dark:bg-slate-700',
              )}
            >
              {emoji}
            </button>
          ))}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
