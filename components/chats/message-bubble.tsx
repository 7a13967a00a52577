'use client';

import { Check, CheckCheck, Clock, History, Pencil, TriangleAlert } from 'lucide-react';
import { type ReactNode, useState } from 'react';
import { useI18n } from '../i18n';
import { cn } from '../ui/cn';

/** WhatsApp's ticks: clock pending, one tick server, two device, two blue read. */
export function AckTicks({ ack }: { ack: number }) {
  const { t } = useI18n();
  const label = t.ticks[String(ack) as keyof typeof t.ticks] ?? '';
  if (ack < 0) return <TriangleAlert aria-label={label} className="size-3.5 text-red-600" />;
  if (ack === 0) return <Clock aria-label={label} className="size-3.5" />;
  if (ack === 1) return <Check aria-label={label} className="size-3.5" />;
  return <CheckCheck aria-label={label} className={cn('size-3.5', ack >= 3 && 'text-sky-500')} />;
}

/**
 * The frame of one message: side, sender, what it quotes, its content (text or `children`), the footer
 * (recovered/history, edited with the previous text, time, ticks or outbox state), its reactions, and the
 * reply/react actions beside it.
 */
export function MessageBubble({
  fromMe,
  body,
  time,
  ack,
  source,
  edited,
  previousBody,
  revoked,
  sender,
  status,
  messageId,
  kind,
  quoted,
  reactions,
  actions,
  highlighted,
  narrow,
  children,
}: {
  fromMe: boolean;
  body?: string;
  time: string;
  ack?: number;
  source?: string;
  edited?: boolean;
  /** The text before the last edit, shown on hover (title) and on tap. */
  previousBody?: string | null;
  revoked?: boolean;
  sender?: string | null;
  /** For a message still in the outbox: pending/sending/failed/unknown. */
  status?: string;
  messageId?: number;
  kind?: string;
  quoted?: ReactNode;
  reactions?: ReactNode;
  actions?: ReactNode;
  /** Just scrolled to from a reply that quotes it. */
  highlighted?: boolean;
  /** A photo, video or sticker: the bubble is as wide as the picture, and its caption wraps under it. */
  narrow?: boolean;
  children?: ReactNode;
}) {
  const { t, format } = useI18n();
  const [showPrevious, setShowPrevious] = useState(false);
  return (
    <div
      className={cn('group flex items-center gap-1', fromMe ? 'flex-row-reverse' : 'flex-row')}
      data-testid="message"
      data-message-id={messageId}
      data-kind={kind}
      data-highlighted={highlighted ? 'true' : undefined}
    >
      <div
        className={cn(
          'flex min-w-0 max-w-[85%] flex-col md:max-w-[75%]',
          fromMe ? 'items-end' : 'items-start',
        )}
      >
        <div
          className={cn(
            'min-w-0 rounded-lg px-3 py-1.5 text-sm shadow-sm transition-shadow',
            narrow ? 'max-w-[min(100%,19.5rem)]' : 'max-w-full',
            fromMe
              ? 'bg-emerald-100 text-slate-900 dark:bg-emerald-900/60 dark:text-slate-50'
              : 'bg-white dark:bg-slate-800',
            status === 'failed' && 'ring-1 ring-red-500',
            highlighted && 'ring-2 ring-amber-400',
          )}
        >
          {sender && <p className="text-xs font-medium text-brand-700 dark:text-brand-500">{sender}</p>}
          {quoted}
          {revoked ? (
            <p data-testid="revoked" className="italic text-slate-600 dark:text-slate-400">
              {t.chats.deleted}
            </p>
          ) : null}
          {children}
          {!revoked && body ? <p className="whitespace-pre-wrap wrap-anywhere">{body}</p> : null}
          {edited && previousBody !== null && previousBody !== undefined && showPrevious && (
            <p
              data-testid="previous-body"
              className="mt-1 border-t border-slate-900/10 pt-1 text-xs text-slate-600 dark:border-white/10 dark:text-slate-300"
            >
              {format(t.chats.bubble.previousText, { text: previousBody })}
            </p>
          )}
          <p className="mt-0.5 flex items-center justify-end gap-1 text-[11px] text-slate-600 dark:text-slate-400">
            {source === 'backfill' && (
              <span className="flex items-center gap-0.5" title={t.chats.backfilled}>
                <History aria-hidden className="size-3" />
                {t.chats.backfilled}
              </span>
            )}
            {source === 'history' && <span>{t.chats.history}</span>}
            {edited &&
              (previousBody ? (
                <button
                  type="button"
                  data-testid="edited"
                  title={format(t.chats.bubble.previousText, { text: previousBody })}
                  aria-label={`${t.chats.edited}. ${t.chats.bubble.showPrevious}`}
                  aria-expanded={showPrevious}
                  onClick={() => setShowPrevious((v) => !v)}
                  className="flex items-center gap-0.5 underline decoration-dotted"
                >
                  <Pencil aria-hidden className="size-3" />
                  {t.chats.edited}
                </button>
              ) : (
                <span data-testid="edited" className="flex items-center gap-0.5">
                  <Pencil aria-hidden className="size-3" />
                  {t.chats.edited}
                </span>
              ))}
            <span>{time}</span>
            {status ? (
              <span
                data-testid="send-status"
                data-status={status}
                className={cn(status === 'failed' && 'text-red-700')}
              >
                {status === 'failed' ? (
                  t.chats.failed
                ) : status === 'unknown' ? (
                  t.chats.unknown
                ) : (
                  <Clock aria-label={t.chats.pending} className="size-3.5" />
                )}
              </span>
            ) : (
              fromMe &&
              ack !== undefined && (
                <span data-testid="ack" data-ack={ack}>
                  <AckTicks ack={ack} />
                </span>
              )
            )}
          </p>
        </div>
        {reactions}
      </div>
      {actions && (
        <div className="flex shrink-0 gap-0.5 opacity-0 transition-opacity group-hover:opacity-100 focus-within:opacity-100 touch:flex-col touch:opacity-100">
          {actions}
        </div>
      )}
    </div>
  );
}
