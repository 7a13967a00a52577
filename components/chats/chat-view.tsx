'use client';

import { useQuery } from '@tanstack/react-query';
import { ArrowLeft } from 'lucide-react';
import { Fragment, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { api, V1 } from '../api';
import { useI18n } from '../i18n';
import { keys } from '../query-keys';
import { toast } from '../ui/toast';
import { useWhatsAppNumber } from '../whatsapp-number';
import { ChatDetailsPanel } from './chat-details-panel';
import { acceptFile, Composer, usePendingSends } from './composer';
import { ExportMenu } from './export-menu';
import { MessageBubble } from './message-bubble';
import { StoredMessage } from './stored-message';
import { SyncHistory } from './sync-history';
import { type ChatItem, chatTitle, displayPhone, type RichMessage } from './types';
import { useChatHistory, useScrollToMessage } from './use-chat-history';

/** How many older pages a click on a quoted message loads while looking for it. */
const JUMP_PAGES = 10;

/** One chat: history newest at the bottom, older pages loaded when scrolling up, and the composer. */
export function ChatView({
  chatId,
  around = null,
  canWrite,
  onBack,
  maxUploadMb,
}: {
  chatId: number;
  /** Open at this message (a search result), highlighted, instead of at the newest. */
  around?: number | null;
  canWrite: boolean;
  /** Back to the list, where the list and the chat do not fit side by side. */
  onBack: () => void;
  /** MEDIA_MAX_MB: files over it are refused before uploading. */
  maxUploadMb: number;
}) {
  const { t, locale, format, count, errorText } = useI18n();
  const session = useWhatsAppNumber();
  const chat = useQuery({
    queryKey: keys.chats.detail(session, chatId),
    queryFn: () => api<ChatItem>(`${V1}/chats/${chatId}/`),
  });
  const messages = useChatHistory(chatId, around);
  const { pending, send } = usePendingSends(chatId);
  const rows = useMemo(
    (): RichMessage[] => (messages.data?.pages.flatMap((p) => p.items) ?? []).slice().reverse(),
    [messages.data],
  );
  const stored = new Set(rows.map((m) => m.protocolId));
  const stillPending = pending.filter((p) => !(p.protocolId && stored.has(p.protocolId)));
  const [file, setFile] = useState<File | null>(null);
  const [dragging, setDragging] = useState(false);
  const [replyTo, setReplyTo] = useState<RichMessage | null>(null);
  const [highlight, setHighlight] = useState<number | null>(null);
  /** Our reactions sent from this screen, shown until the stored ones catch up ('' = taken back). */
  const [ownReactions, setOwnReactions] = useState<Record<number, string>>({});

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
  const senderLabel = (who: { fromMe: boolean; senderWid: string | null }) =>
    who.fromMe
      ? t.chats.bubble.you
      : info && !info.isGroup
        ? chatTitle(info, t.chats.noName)
        : (displayPhone(who.senderWid?.split('@')[0] ?? null) ?? t.chats.noName);

  const react = async (m: RichMessage, emoji: string) => {
    setOwnReactions((all) => ({ ...all, [m.id]: emoji }));
    try {
      await api(`${V1}/messages/${m.id}/reactions/`, { method: 'POST', json: { emoji }, session });
    } catch (error) {
      setOwnReactions(({ [m.id]: _, ...rest }) => rest);
      toast.error(errorText(error));
    }
  };
  const withOwnReaction = (m: RichMessage): RichMessage => {
    const emoji = ownReactions[m.id];
    if (emoji === undefined) return m;
    const others = (m.reactions ?? []).filter((r) => !r.fromMe);
    const mine = emoji ? [{ emoji, senderWid: null, senderName: null, fromMe: true }] : [];
    return { ...m, reactions: [...others, ...mine] };
  };

  /** Scroll to a quoted message, loading older pages until it is there. */
  const jumpTo = async (id: number) => {
    const find = () => scroller.current?.querySelector<HTMLElement>(`[data-message-id="${id}"]`);
    let target = find();
    for (let i = 0; !target && i < JUMP_PAGES; i++) {
      const page = await messages.fetchNextPage();
      if (!page.hasNextPage && !page.data?.pages.some((p) => p.items.some((m) => m.id === id))) break;
      await new Promise((resolve) => requestAnimationFrame(resolve));
      target = find();
    }
    target = target ?? find();
    if (!target) return;
    keepFromBottom.current = null;
    target.scrollIntoView({ block: 'center', behavior: 'smooth' });
    setHighlight(id);
    setTimeout(() => setHighlight((current) => (current === id ? null : current)), 2000);
  };

  const drop = (picked: File | undefined) => {
    setDragging(false);
    if (!picked || !canWrite) return;
    const problem = acceptFile(picked, maxUploadMb, { t, format, locale });
    if (problem) toast.error(problem);
    else setFile(picked);
  };
  const disabledReason = !canWrite
    ? ' '
    : info?.readOnly || (info?.isGroup && !info.weAreMember)
      ? t.chats.readOnly
      : undefined;

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: dropping a file anywhere on the chat attaches it; the composer's button does the same.
    <div
      className="relative flex h-full min-h-0 flex-col"
      onDragOver={(event) => {
        if (!canWrite || disabledReason || !event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={(event) => {
        event.preventDefault();
        drop(event.dataTransfer.files[0]);
      }}
    >
      {dragging && (
        <div className="pointer-events-none absolute inset-0 z-10 flex items-center justify-center border-4 border-dashed border-brand-600 bg-white/80 text-lg font-medium text-brand-700 dark:bg-slate-900/80">
          {t.chats.dropHere}
        </div>
      )}
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
              {m.system ? (
                <p
                  data-message-id={m.id}
                  data-testid="system-event"
                  data-type={m.type}
                  className="text-center text-[11px] text-slate-500"
                >
                  {t.chats.systemEvent}
                  {m.body ? `: ${m.body}` : ''} · {timeFmt.format(date)}
                </p>
              ) : (
                <StoredMessage
                  m={withOwnReaction(m)}
                  time={timeFmt.format(date)}
                  sender={info?.isGroup && !m.fromMe ? (m.senderWid?.split('@')[0] ?? null) : null}
                  senderLabel={senderLabel}
                  canWrite={canWrite}
                  highlighted={highlight === m.id || highlighted === m.id}
                  onReply={setReplyTo}
                  onReact={react}
                  onJump={(id) => void jumpTo(id)}
                />
              )}
            </Fragment>
          );
        })}
        {stillPending.map((p) => (
          <MessageBubble
            key={p.key}
            fromMe
            body={p.fileName ? `📎 ${p.fileName}${p.body ? `\n${p.body}` : ''}` : p.body}
            time={timeFmt.format(new Date(p.at))}
            status={p.status}
          />
        ))}
      </div>
      {disabledReason === ' ' ? null : (
        <Composer
          onSend={send}
          disabledReason={disabledReason}
          file={file}
          onFile={setFile}
          replyTo={replyTo}
          replyLabel={replyTo ? senderLabel(replyTo) : ''}
          onCancelReply={() => setReplyTo(null)}
          maxUploadMb={maxUploadMb}
        />
      )}
    </div>
  );
}
