'use client';

import { useQuery } from '@tanstack/react-query';
import { BarChart3, ExternalLink, MapPin, MessageCircle, UserRound } from 'lucide-react';
import { usePathname, useRouter } from 'next/navigation';
import type { ReactNode } from 'react';
import { api, V1 } from '../api';
import { useI18n } from '../i18n';
import { keys } from '../query-keys';
import { cn } from '../ui/cn';
import { useWhatsAppNumber } from '../whatsapp-number';
import { previewLine } from './message-kinds';
import { type ChatItem, displayPhone, type Page, type RichMessage } from './types';

/** The frame of a shared place or contact: an icon on the left, what was shared beside it. */
function SharedCard({ testId, icon, children }: { testId: string; icon: ReactNode; children: ReactNode }) {
  return (
    <div
      data-testid={testId}
      className="flex w-72 max-w-full gap-3 rounded-md bg-slate-900/5 p-2 dark:bg-white/10"
    >
      {icon}
      {children}
    </div>
  );
}

/** A shared place: name, address and coordinates, and a link to OpenStreetMap (no map tiles: CSP stays 'self'). */
export function LocationCard({ location }: { location: NonNullable<RichMessage['location']> }) {
  const { t } = useI18n();
  const lat = location.latitude.toFixed(6);
  const lng = location.longitude.toFixed(6);
  const href = `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=17/${lat}/${lng}`;
  return (
    <SharedCard
      testId="bubble-location"
      icon={<MapPin aria-hidden className="mt-0.5 size-6 shrink-0 text-red-700 dark:text-red-400" />}
    >
      <div className="min-w-0 flex-1 space-y-0.5">
        <p className="font-medium">{location.name ?? t.chats.kinds.location}</p>
        {location.address && <p className="text-xs text-slate-700 dark:text-slate-300">{location.address}</p>}
        <p className="font-mono text-[11px] text-slate-600 dark:text-slate-400">
          {lat}, {lng}
        </p>
        <a
          href={href}
          target="_blank"
          rel="noopener noreferrer"
          className="inline-flex items-center gap-1 text-xs font-medium text-brand-700 underline dark:text-brand-500"
        >
          {t.chats.bubble.openMap}
          <ExternalLink aria-hidden className="size-3" />
        </a>
      </div>
    </SharedCard>
  );
}

/** Contact cards: name and numbers, and "open chat" when we already have a chat with that number. */
export function ContactCards({ cards }: { cards: NonNullable<RichMessage['vcards']> }) {
  return (
    <div className="space-y-1.5">
      {cards.map((card, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: cards have no id and never reorder.
        <ContactCard key={i} card={card} />
      ))}
    </div>
  );
}

function ContactCard({ card }: { card: NonNullable<RichMessage['vcards']>[number] }) {
  const { t } = useI18n();
  const session = useWhatsAppNumber();
  const router = useRouter();
  const pathname = usePathname();
  const digits = card.numbers.map((n) => n.replace(/\D/g, '')).filter(Boolean);
  const chat = useQuery({
    queryKey: [...keys.chats.of(session), 'by-phone', digits],
    enabled: digits.length > 0,
    staleTime: 60_000,
    queryFn: async () => {
      for (const number of digits) {
        const page = await api<Page<ChatItem>>(`${V1}/chats/?q=${number}&kind=individual&limit=5`, {
          session,
        });
        const found = page.items.find((c) => c.phone?.replace(/\D/g, '') === number);
        if (found) return found;
      }
      return null;
    },
  });
  return (
    <SharedCard
      testId="bubble-contact"
      icon={<UserRound aria-hidden className="mt-0.5 size-6 shrink-0 text-slate-600 dark:text-slate-300" />}
    >
      <div className="min-w-0 flex-1">
        <p className="font-medium">{card.name ?? t.chats.kinds.contact}</p>
        {card.numbers.map((n) => (
          <p key={n} className="text-xs text-slate-700 dark:text-slate-300">
            {displayPhone(n)}
          </p>
        ))}
        {chat.data && (
          <button
            type="button"
            onClick={() => router.replace(`${pathname}?chat=${chat.data?.id}`, { scroll: false })}
            className="mt-1 inline-flex items-center gap-1 text-xs font-medium text-brand-700 underline dark:text-brand-500"
          >
            <MessageCircle aria-hidden className="size-3" />
            {t.chats.bubble.openChat}
          </button>
        )}
      </div>
    </SharedCard>
  );
}

export function PollCard({ poll }: { poll: NonNullable<RichMessage['poll']> }) {
  const { t } = useI18n();
  return (
    <div data-testid="bubble-poll" className="w-72 max-w-full space-y-1.5">
      <p className="flex items-center gap-1.5 font-medium">
        <BarChart3 aria-hidden className="size-4 shrink-0" />
        {poll.name}
      </p>
      <ul className="space-y-1">
        {poll.options.map((option) => (
          <li key={option} className="rounded-md border border-slate-900/10 px-2 py-1 dark:border-white/15">
            {option}
          </li>
        ))}
      </ul>
      <p className="text-[11px] text-slate-600 dark:text-slate-400">
        {poll.allowMultiple ? t.chats.bubble.pollMultiple : t.chats.bubble.pollSingle}
      </p>
    </div>
  );
}

/** The message a reply quotes, above it; clicking scrolls to it when it is stored. */
export function QuotedBlock({
  quoted,
  senderLabel,
  onJump,
}: {
  quoted: NonNullable<RichMessage['quoted']>;
  senderLabel: string;
  onJump: (id: number) => void;
}) {
  const { t } = useI18n();
  const text =
    previewLine({ type: quoted.type, body: quoted.body }, t.chats.kinds) || t.chats.bubble.quotedMissing;
  const inner = (
    <>
      <span className="block text-xs font-medium text-brand-700 dark:text-brand-500">{senderLabel}</span>
      <span className="line-clamp-2 text-xs text-slate-700 dark:text-slate-300">{text}</span>
    </>
  );
  const box =
    'mb-1 block w-full rounded-md border-l-4 border-brand-600 bg-slate-900/5 px-2 py-1 text-left dark:bg-white/10';
  if (quoted.id === null)
    return (
      <div data-testid="quoted" className={box}>
        {inner}
      </div>
    );
  const id = quoted.id;
  return (
    <button
      type="button"
      data-testid="quoted"
      title={t.chats.bubble.goToQuoted}
      onClick={() => onJump(id)}
      className={cn(box, 'hover:bg-slate-900/10 dark:hover:bg-white/15')}
    >
      {inner}
    </button>
  );
}

/** Reactions under the bubble, one chip per emoji with who reacted; our own chip takes ours back. */
export function ReactionsRow({
  reactions,
  onRemove,
}: {
  reactions: NonNullable<RichMessage['reactions']>;
  onRemove?: () => void;
}) {
  const { t, format } = useI18n();
  const byEmoji = new Map<string, { names: string[]; mine: boolean }>();
  for (const r of reactions) {
    const entry = byEmoji.get(r.emoji) ?? { names: [], mine: false };
    entry.names.push(
      r.fromMe
        ? t.chats.bubble.you
        : (r.senderName ?? displayPhone(r.senderWid?.split('@')[0] ?? null) ?? '?'),
    );
    entry.mine ||= r.fromMe;
    byEmoji.set(r.emoji, entry);
  }
  return (
    <div data-testid="reactions" className="-mt-1 flex flex-wrap gap-1 px-1">
      {[...byEmoji.entries()].map(([emoji, { names, mine }]) => {
        const label = format(t.chats.bubble.reactedBy, { emoji, names: names.join(', ') });
        const chip = (
          <>
            <span>{emoji}</span>
            {names.length > 1 && <span className="text-[11px]">{names.length}</span>}
          </>
        );
        const style = cn(
          'inline-flex items-center gap-0.5 rounded-full border bg-white px-1.5 py-0.5 text-sm shadow-sm dark:bg-slate-800',
          mine ? 'border-brand-600' : 'border-slate-200 dark:border-slate-700',
        );
        return mine && onRemove ? (
          <button
            key={emoji}
            type="button"
            data-testid="reaction"
            title={`${label} · ${t.chats.bubble.removeReaction}`}
            aria-label={`${label}. ${t.chats.bubble.removeReaction}`}
            onClick={onRemove}
            className={style}
          >
            {chip}
          </button>
        ) : (
          <span key={emoji} data-testid="reaction" title={label} className={style}>
            {chip}
            <span className="sr-only">{label}</span>
          </span>
        );
      })}
    </div>
  );
}
