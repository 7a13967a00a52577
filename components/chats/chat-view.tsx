'use client';

import { useQuery } from '@tanstack/react-query';
import { ArrowLeft } from 'lucide-react';
import { Fragment, useLayoutEffect, useMemo, useRef } from 'react';
import { api, V1 } from '../api';
import { useI18n } from '../i18n';
import { keys } from '../query-keys';
import { useWhatsAppNumber } from '../whatsapp-number';
import { ChatDetailsPanel } from './chat-details-panel';
import { Composer, usePendingSends } from './composer';
import { ExportMenu } from './export-menu';
import { MessageBubble } from './message-bubble';
import { SyncHistory } from './sync-history';
import { type ChatItem, chatTitle, displayPhone, type MessageItem } from './types';
import { useChatHistory, useScrollToMessage } from './use-chat-history';

/** One chat: history newest at the bottom, older pages loaded when scrolling up, and the composer. */
export function ChatView({
  chatId,
  around = null,
  canWrite,
  onBack,
}: {
  chatId: number;
  /** Open at this message (a search result), highlighted, instead of at the newest. */
  around?: number | null;
  canWrite: boolean;
  /** Back to the list, where the list and the chat do not fit side by side. */
  onBack: () => void;
}) {
  const { t, locale, format, count } = useI18n();
  const session = useWhatsAppNumber();
  const chat = useQuery({
    queryKey: keys.chats.detail(session, chatId),
    queryFn: () => api<ChatItem>(`${V1}/chats/${chatId}/`),
  });
  const messages = useChatHistory(chatId, around);
  const { pending, send } = usePendingSends(chatId);
  const rows = useMemo(
    () => (messages.data?.pages.flatMap((p) => p.items) ?? []).slice().reverse(),
    [messages.data],
  );
  const stored = new Set(rows.map((m) => m.protocolId));
  const stillPending = pending.filter((p) => !(p.protocolId && stored.has(p.protocolId)));

  const scroller = useRef<HTMLDivElement>(null);
  const keepFromBottom = useRef<number | null>(null);
  const lastCount = useRef(0);
  // Stay pinned to the newest message, except while reading older ones (then keep the reader's place).
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (keepFromBottom.current !== null) {
      el.scrollTop = el.scrollHeight - keepFromBottom.current;
      keepFromBottom.current = null;
    } else if (rows.length + stillPending.length !== lastCount.current && !messages.hasPreviousPage) {
      el.scrollTop = el.scrollHeight;
    }
    lastCount.current = rows.length + stillPending.length;
  }, [rows.length, stillPending.length, messages.hasPreviousPage]);
  const highlighted = useScrollToMessage(
    scroller,
    around,
    rows.some((m) => m.id === around),
  );

  const dateFmt = new Intl.DateTimeFormat(locale === 'es' ? 'es-CL' : 'en', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
  });
  const timeFmt = new Intl.DateTimeFormat(locale === 'es' ? 'es-CL' : 'en', {
    hour: '2-digit',
    minute: '2-digit',
  });
  const dayLabel = (date: Date) => {
    const today = new Date();
    const yesterday = new Date(Date.now() - 86_400_000);
    if (date.toDateString() === today.toDateString()) return t.chats.today;
    if (date.toDateString() === yesterday.toDateString()) return t.chats.yesterday;
    return dateFmt.format(date);
  };
  const info = chat.data;
  const disabledReason = !canWrite
    ? ' '
    : info?.readOnly || (info?.isGroup && !info.weAreMember)
      ? t.chats.readOnly
      : undefined;

  return (
    <div className="flex h-full min-h-0 flex-col">
      <div className="flex items-center gap-3 border-b border-slate-200 px-2 py-2 md:px-4 md:py-3 dark:border-slate-800">
        <button
          type="button"
          onClick={onBack}
          aria-label={t.chats.back}
          className="flex size-11 shrink-0 items-center justify-center rounded-md hover:bg-slate-100 lg:hidden dark:hover:bg-slate-800"
        >
          <ArrowLeft aria-hidden className="size-5" />
        </button>
        <div className="min-w-0 flex-1">
          <h2 className="truncate font-semibold">
            {info ? chatTitle(info, t.chats.noName) : t.common.loading}
          </h2>
          <p className="text-xs text-slate-600 dark:text-slate-400">
            {info?.isGroup
              ? count(t.chats.members, info.participantCount)
              : (displayPhone(info?.phone ?? null) ?? '')}
          </p>
        </div>
        {canWrite && <SyncHistory chatId={chatId} onDone={() => void messages.refetch()} />}
        <ExportMenu chatId={chatId} />
        <ChatDetailsPanel chatId={chatId} canWrite={canWrite} />
      </div>
      <div
        ref={scroller}
        data-testid="message-list"
        className="min-h-0 flex-1 space-y-1.5 overflow-y-auto overscroll-contain bg-slate-100 px-3 py-3 md:px-4 dark:bg-slate-950"
        onScroll={(event) => {
          const el = event.currentTarget;
          if (el.scrollTop < 80 && messages.hasNextPage && !messages.isFetchingNextPage) {
            keepFromBottom.current = el.scrollHeight - el.scrollTop;
            void messages.fetchNextPage();
          }
          const fromBottom = el.scrollHeight - el.scrollTop - el.clientHeight;
          if (fromBottom < 80 && messages.hasPreviousPage && !messages.isFetchingPreviousPage)
            void messages.fetchPreviousPage();
        }}
      >
        {messages.isFetchingNextPage && (
          <p className="text-center text-xs text-slate-600">{t.chats.loadOlder}</p>
        )}
        {!messages.isPending && rows.length === 0 && stillPending.length === 0 && (
          <p className="mt-10 text-center text-sm text-slate-600 dark:text-slate-400">{t.chats.noMessages}</p>
        )}
        {rows.map((m, i) => {
          const date = new Date(m.timestamp);
          const previous = rows[i - 1];
          const newDay = !previous || new Date(previous.timestamp).toDateString() !== date.toDateString();
          return (
            <Fragment key={m.id}>
              {newDay && (
                <p className="py-2 text-center">
                  <span className="rounded-full bg-white px-3 py-0.5 text-xs text-slate-600 shadow-sm dark:bg-slate-800 dark:text-slate-300">
                    {dayLabel(date)}
                  </span>
                </p>
              )}
              <div
                data-message-id={m.id}
                data-highlighted={highlighted === m.id || undefined}
                className="rounded-lg transition-colors duration-700 data-highlighted:bg-amber-200/60 dark:data-highlighted:bg-amber-500/20"
              >
                {m.system ? (
                  <p
                    data-testid="system-event"
                    data-type={m.type}
                    className="text-center text-[11px] text-slate-500"
                  >
                    {t.chats.systemEvent}
                    {m.body ? `: ${m.body}` : ''} · {timeFmt.format(date)}
                  </p>
                ) : (
                  <MessageBubble
                    fromMe={m.fromMe}
                    body={messageText(m, t.chats)}
                    time={timeFmt.format(date)}
                    ack={m.ack}
                    source={m.source}
                    edited={m.editedAt !== null}
                    revoked={m.revokedAt !== null || m.type === 'revoked'}
                    hasMedia={m.hasMedia}
                    sender={info?.isGroup && !m.fromMe ? (m.senderWid?.split('@')[0] ?? null) : null}
                  />
                )}
              </div>
            </Fragment>
          );
        })}
        {stillPending.map((p) => (
          <MessageBubble
            key={p.key}
            fromMe
            body={p.body}
            time={timeFmt.format(new Date(p.at))}
            status={p.status}
          />
        ))}
      </div>
      {disabledReason === ' ' ? null : <Composer onSend={send} disabledReason={disabledReason} />}
    </div>
  );
}

/** What a bubble says: the text, or for a location or contact card what it points at. */
function messageText(m: MessageItem, labels: { location: string; contactCard: string }): string {
  if (m.location) {
    const place = [m.location.name, m.location.address].filter(Boolean).join(', ');
    return `📍 ${labels.location}: ${place || `${m.location.latitude}, ${m.location.longitude}`}`;
  }
  if (m.vcards?.length) {
    return m.vcards
      .map(
        (c) =>
          `👤 ${labels.contactCard}: ${[c.name, ...c.numbers.map((n) => `+${n.replace(/^\+/, '')}`)].filter(Boolean).join(' ')}`,
      )
      .join('\n');
  }
  return m.body;
}
