'use client';

import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { Download } from 'lucide-react';
import { V1 } from '../api';
import { useI18n } from '../i18n';
import { HEADER_ICON_BUTTON } from '../ui/dialog';

/**
 * Download links for a chat's history. Plain links: the browser streams the file to disk as the server
 * writes it, so a long chat never sits in the page's memory either.
 */
export function ExportMenu({ chatId }: { chatId: number }) {
  const { t } = useI18n();
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const href = (format: string) =>
    `${V1}/chats/${chatId}/export/?format=${format}&timeZone=${encodeURIComponent(timeZone)}`;
  const item =
    'block rounded px-3 py-2 text-sm outline-none hover:bg-slate-100 data-highlighted:bg-slate-100 dark:hover:bg-slate-800 dark:data-highlighted:bg-slate-800';
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger
        aria-label={t.find.exportChat}
        title={t.find.exportChat}
        className={HEADER_ICON_BUTTON}
      >
        <Download aria-hidden className="size-4" />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={4}
          className="z-50 min-w-48 rounded-md border border-slate-200 bg-white p-1 shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          {(['csv', 'json', 'txt'] as const).map((format) => (
            <DropdownMenu.Item key={format} asChild>
              <a href={href(format)} download className={item}>
                {format === 'csv'
                  ? t.find.exportCsv
                  : format === 'json'
                    ? t.find.exportJson
                    : t.find.exportTxt}
              </a>
            </DropdownMenu.Item>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
