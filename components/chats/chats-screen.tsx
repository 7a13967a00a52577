'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { lazy, Suspense } from 'react';
import { useI18n } from '../i18n';
import { cn } from '../ui/cn';
import { ChatList } from './chat-list';

/**
 * The conversation (bubbles, composer, media) loads apart from the inbox: the list is the first screen.
 * React.lazy rather than next/dynamic, whose loader would add its own runtime to this page.
 */
const ChatView = lazy(() => import('./chat-view').then((m) => ({ default: m.ChatView })));

/**
 * Inbox and conversation side by side; on a phone or tablet one at a time (the list, then the chat with a way
 * back).
 * The open chat lives in the URL (?chat=id) so it can be linked.
 */
export function ChatsScreen({ canWrite, maxUploadMb }: { canWrite: boolean; maxUploadMb: number }) {
  const { t } = useI18n();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const raw = Number(params.get('chat'));
  const selected = Number.isInteger(raw) && raw > 0 ? raw : null;
  const rawMessage = Number(params.get('message'));
  const around = Number.isInteger(rawMessage) && rawMessage > 0 ? rawMessage : null;
  return (
    // dvh, not vh: the viewport meta resizes the page for the on-screen keyboard, so the composer stays above it.
    <div className="grid h-[calc(100dvh-7.5rem)] min-h-80 grid-cols-1 overflow-hidden rounded-xl border border-slate-200 bg-white md:h-[calc(100dvh-8.5rem)] md:min-h-[28rem] lg:grid-cols-[22rem_1fr] dark:border-slate-800 dark:bg-slate-900">
      <div
        className={cn(
          'min-h-0 border-slate-200 lg:block lg:border-r dark:border-slate-800',
          selected && 'hidden',
        )}
      >
        <ChatList
          selected={selected}
          onSelect={(id) => router.replace(`${pathname}?chat=${id}`, { scroll: false })}
        />
      </div>
      <div className={cn('min-h-0 lg:block', !selected && 'hidden')}>
        {selected ? (
          <Suspense>
            <ChatView
              key={`${selected}-${around ?? ''}`}
              chatId={selected}
              around={around}
              canWrite={canWrite}
              maxUploadMb={maxUploadMb}
              onBack={() => router.replace(pathname, { scroll: false })}
            />
          </Suspense>
        ) : (
          <p className="flex h-full items-center justify-center text-sm text-slate-600 dark:text-slate-400">
            {t.chats.pick}
          </p>
        )}
      </div>
    </div>
  );
}
