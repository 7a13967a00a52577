'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useI18n } from '../i18n';
import { ChatList } from './chat-list';
import { ChatView } from './chat-view';

/** Inbox and conversation side by side; the open chat lives in the URL (?chat=id) so it can be linked. */
export function ChatsScreen({ canWrite }: { canWrite: boolean }) {
  const { t } = useI18n();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const raw = Number(params.get('chat'));
  const selected = Number.isInteger(raw) && raw > 0 ? raw : null;
  return (
    <div className="grid h-[calc(100vh-8.5rem)] min-h-[28rem] grid-cols-[22rem_1fr] overflow-hidden rounded-xl border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <div className="min-h-0 border-r border-slate-200 dark:border-slate-800">
        <ChatList
          selected={selected}
          onSelect={(id) => router.replace(`${pathname}?chat=${id}`, { scroll: false })}
        />
      </div>
      <div className="min-h-0">
        {selected ? (
          <ChatView key={selected} chatId={selected} canWrite={canWrite} />
        ) : (
          <p className="flex h-full items-center justify-center text-sm text-slate-600 dark:text-slate-400">
            {t.chats.pick}
          </p>
        )}
      </div>
    </div>
  );
}
