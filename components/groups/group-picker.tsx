'use client';

import * as Popover from '@radix-ui/react-popover';
import { useQuery } from '@tanstack/react-query';
import { Command } from 'cmdk';
import { TriangleAlert, Users } from 'lucide-react';
import { type ReactNode, useState } from 'react';
import { api, V1 } from '../api';
import type { ChatItem, Page } from '../chats/types';
import { useI18n } from '../i18n';
import { keys } from '../query-keys';
import { useDebounced } from '../ui/cursor-pages';
import { useWhatsAppNumber } from '../whatsapp-number';
import { PickerTrigger } from './picker-trigger';

/**
 * Searchable group picker (server-side search, so it works with thousands of groups). Groups we are no
 * longer in are shown but cannot be picked: the server would refuse them anyway.
 */
export function GroupPicker({
  label,
  onPick,
  trigger,
  defaultOpen = false,
}: {
  defaultOpen?: boolean;
  label: string;
  onPick: (group: ChatItem) => void;
  trigger?: ReactNode;
}) {
  const { t } = useI18n();
  const session = useWhatsAppNumber();
  const [open, setOpen] = useState(defaultOpen);
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 200);
  const { data, isPending } = useQuery({
    queryKey: keys.groups.list(session, { q, picker: true }),
    queryFn: () =>
      api<Page<ChatItem>>(`${V1}/groups/?limit=50&order=name${q ? `&q=${encodeURIComponent(q)}` : ''}`, {
        session,
      }),
    enabled: open,
  });
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger asChild>{trigger ?? <PickerTrigger label={label} />}</Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          align="start"
          sideOffset={4}
          collisionPadding={8}
          className="z-50 w-[min(20rem,calc(100vw-1rem))] rounded-lg border border-slate-200 bg-white shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          <Command shouldFilter={false} label={label}>
            <Command.Input
              value={search}
              onValueChange={setSearch}
              placeholder={t.experiences.pickerPlaceholder}
              className="w-full border-b border-slate-200 bg-transparent px-3 py-2 text-sm outline-none touch:min-h-11 touch:text-base dark:border-slate-700"
            />
            <Command.List className="max-h-[min(18rem,calc(var(--radix-popover-content-available-height,21rem)_-_3rem))] overflow-y-auto p-1">
              {isPending ? (
                <Command.Loading>
                  <p className="p-2 text-sm text-slate-600">{t.common.loading}</p>
                </Command.Loading>
              ) : (
                <Command.Empty className="p-2 text-sm text-slate-600">
                  {t.experiences.pickerEmpty}
                </Command.Empty>
              )}
              {data?.items.map((group) => (
                <Command.Item
                  key={group.id}
                  value={String(group.id)}
                  disabled={!group.weAreMember}
                  onSelect={() => {
                    setOpen(false);
                    onPick(group);
                  }}
                  className="flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-sm touch:min-h-11 data-[disabled=true]:cursor-not-allowed data-[disabled=true]:opacity-50 data-[selected=true]:bg-slate-100 dark:data-[selected=true]:bg-slate-800"
                >
                  <Users aria-hidden className="size-4 shrink-0" />
                  <span className="min-w-0 flex-1 truncate">{group.name ?? group.waId}</span>
                  {!group.weAreMember && (
                    <span className="flex items-center gap-1 text-xs text-red-700">
                      <TriangleAlert aria-hidden className="size-3" />
                      {t.groups.notMember}
                    </span>
                  )}
                </Command.Item>
              ))}
            </Command.List>
          </Command>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
