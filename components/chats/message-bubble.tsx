'use client';

import { Check, CheckCheck, Clock, History, Pencil, TriangleAlert } from 'lucide-react';
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

export function MessageBubble({
  fromMe,
  body,
  time,
  ack,
  source,
  edited,
  revoked,
  hasMedia,
  sender,
  status,
}: {
  fromMe: boolean;
  body: string;
  time: string;
  ack?: number;
  source?: string;
  edited?: boolean;
  revoked?: boolean;
  hasMedia?: boolean;
  sender?: string | null;
  /** For a message still in the outbox: pending/sending/failed/unknown. */
  status?: string;
}) {
  const { t } = useI18n();
  return (
    <div className={cn('flex', fromMe ? 'justify-end' : 'justify-start')} data-testid="message">
      <div
        className={cn(
          'max-w-[85%] min-w-0 rounded-lg px-3 py-1.5 text-sm shadow-sm md:max-w-[75%]',
          fromMe
            ? 'bg-emerald-100 text-slate-900 dark:bg-emerald-900/60 dark:text-slate-50'
            : 'bg-white dark:bg-slate-800',
          status === 'failed' && 'ring-1 ring-red-500',
        )}
      >
        {sender && <p className="text-xs font-medium text-brand-700 dark:text-brand-500">{sender}</p>}
        {revoked ? (
          <p className="italic text-slate-600 dark:text-slate-400">{t.chats.deleted}</p>
        ) : (
          <p className="whitespace-pre-wrap wrap-anywhere">
            {hasMedia && <span className="text-slate-600 dark:text-slate-400">{t.chats.media} </span>}
            {body}
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
          {edited && (
            <span className="flex items-center gap-0.5">
              <Pencil aria-hidden className="size-3" />
              {t.chats.edited}
            </span>
          )}
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
    </div>
  );
}
