'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { TriangleAlert } from 'lucide-react';
import { type ReactNode, useState } from 'react';
import { groupWarningMessage } from '@/lib/i18n/api-errors';
import { api, V1 } from '../api';
import type { Page } from '../chats/types';
import { GroupPicker } from '../groups/lazy-group-picker';
import { useI18n } from '../i18n';
import { useLiveRefetch } from '../live/live-events';
import { PagedList } from '../paged-list';
import { keys } from '../query-keys';
import { Badge, type Tone } from '../ui/badge';
import { Button } from '../ui/button';
import { useCursorPages, useDebounced } from '../ui/cursor-pages';
import { SearchInput, Select } from '../ui/input';
import { TableFrame, Th } from '../ui/table';
import { toast } from '../ui/toast';
import { useWhatsAppNumber } from '../whatsapp-number';
import type { EffectiveGroup, ExperienceItem } from './types';

const SOURCE_TONE: Record<EffectiveGroup['source'], Tone> = {
  override: 'violet',
  operator_default: 'green',
  binding: 'amber',
  none: 'slate',
};
/**
 * A column of the table. Plain JSX, not a table library: one page of at most 25 rows needs no row model, and
 * the library was 14 KB gzip of this page's first load (over the 180 KB budget; bench:ui).
 */
interface Column {
  id: string;
  /** A string header also labels each cell on narrow screens (the table stacks into cards there). */
  header: ReactNode;
  cell: (row: ExperienceItem) => ReactNode;
}

/**
 * Which group each experience notifies, bound point-and-click. Search, status filter and paging happen on
 * the server (cursor pages); every change is undoable from its toast.
 */
export function ExperiencesTable({ canWrite }: { canWrite: boolean }) {
  const { t, format, errorText } = useI18n();
  // A group belongs to one WhatsApp number: one that is not on screen is named next to it.
  const currentNumber = useWhatsAppNumber();
  const client = useQueryClient();
  const session = useWhatsAppNumber();
  const refetchInterval = useLiveRefetch();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const [status, setStatus] = useState('');
  const pages = useCursorPages(`${q}|${status}`);
  const { cursor } = pages;
  const filters = { q, status, cursor };
  const query = useQuery({
    queryKey: keys.experiences.list(filters),
    queryFn: () => {
      const params = new URLSearchParams({ limit: '25' });
      if (q) params.set('q', q);
      if (status) params.set('status', status);
      if (cursor) params.set('cursor', cursor);
      return api<Page<ExperienceItem>>(`${V1}/experiences/?${params}`);
    },
    placeholderData: keepPreviousData,
    refetchInterval,
  });

  const setGroup = useMutation({
    mutationFn: (input: { experience: ExperienceItem; chatId: number | null; undo?: boolean }) =>
      api<ExperienceItem>(`${V1}/experiences/${input.experience.id}/group/`, {
        method: 'PATCH',
        json: { chatId: input.chatId },
        session,
      }),
    onSuccess: (_updated, { experience, chatId, undo }) => {
      void client.invalidateQueries({ queryKey: keys.experiences.all });
      if (undo) return;
      const previous = experience.group.source === 'override' ? experience.group.chatId : null;
      toast.success(
        format(chatId === null ? t.experiences.resetDone : t.experiences.bound, {
          experience: experience.title,
        }),
        {
          action: {
            label: t.experiences.undo,
            onClick: () => setGroup.mutate({ experience, chatId: previous, undo: true }),
          },
        },
      );
    },
    onError: (error) => toast.error(errorText(error)),
  });

  const unbind = useMutation({
    mutationFn: (experience: ExperienceItem) =>
      api<ExperienceItem>(`${V1}/experiences/${experience.id}/group/`, { method: 'DELETE' }),
    onSuccess: (_updated, experience) => {
      void client.invalidateQueries({ queryKey: keys.experiences.all });
      toast.success(format(t.experiences.unbound, { experience: experience.title }));
    },
    onError: (error) => toast.error(errorText(error)),
  });

  const columns: Column[] = [
    {
      id: 'title',
      header: t.experiences.experience,
      cell: (row) => (
        <div>
          <p className="font-medium">{row.title}</p>
          <p className="text-xs text-slate-600 dark:text-slate-400">{t.experiences.status[row.status]}</p>
        </div>
      ),
    },
    { id: 'organizer', header: t.experiences.organizer, cell: (row) => row.organizer.name },
    { id: 'operator', header: t.experiences.operator, cell: (row) => row.operator?.name ?? '—' },
    {
      id: 'group',
      header: t.experiences.group,
      cell: ({ group }) => (
        <div className="space-y-1">
          <div className="flex flex-wrap items-center gap-2">
            <span className={group.chatId ? '' : 'text-slate-500'}>{group.name ?? group.waId ?? '—'}</span>
            {group.session && group.session !== currentNumber && (
              <span className="font-mono text-xs text-slate-500">{group.session}</span>
            )}
            <Badge tone={SOURCE_TONE[group.source]}>{t.experiences.source[group.source]}</Badge>
          </div>
          {group.warning && (
            <p className="flex items-center gap-1 text-xs text-red-700 dark:text-red-400">
              <TriangleAlert aria-hidden className="size-3" />
              {groupWarningMessage(t, group.warning, group.name ?? group.waId ?? '—')}
            </p>
          )}
        </div>
      ),
    },
    ...(canWrite
      ? [
          {
            id: 'actions',
            header: <span className="sr-only">{t.experiences.change}</span>,
            cell: (row: ExperienceItem) => (
              <div className="flex flex-wrap justify-end gap-1">
                <GroupPicker
                  label={row.group.chatId ? t.experiences.change : t.experiences.bind}
                  onPick={(group) => setGroup.mutate({ experience: row, chatId: group.id })}
                />
                {row.group.source === 'override' && (
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => setGroup.mutate({ experience: row, chatId: null })}
                  >
                    {t.experiences.reset}
                  </Button>
                )}
                {(row.group.source === 'override' || row.group.source === 'binding') && (
                  <Button size="sm" variant="ghost" onClick={() => unbind.mutate(row)}>
                    {t.experiences.unbind}
                  </Button>
                )}
              </div>
            ),
          },
        ]
      : []),
  ];

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <SearchInput label={t.experiences.search} value={search} onSearch={setSearch} />
        <div className="w-44">
          <Select
            aria-label={t.requests.status}
            value={status}
            onChange={(event) => setStatus(event.target.value)}
          >
            <option value="">{t.requests.all}</option>
            {(['published', 'draft', 'archived'] as const).map((s) => (
              <option key={s} value={s}>
                {t.experiences.status[s]}
              </option>
            ))}
          </Select>
        </div>
      </div>
      <PagedList
        query={query}
        pages={pages}
        empty={{ title: t.experiences.empty, hint: t.experiences.emptyHint }}
        skeletonClassName="h-96 w-full"
        showPage
      >
        {() => (
          <TableFrame
            head={
              <tr>
                {columns.map((c) => (
                  <Th key={c.id}>{c.header}</Th>
                ))}
              </tr>
            }
          >
            {(query.data?.items ?? []).map((row) => (
              <tr
                key={row.id}
                data-testid="experience-row"
                className="border-b border-slate-100 last:border-0 dark:border-slate-800"
              >
                {columns.map((c) => (
                  <td
                    key={c.id}
                    data-label={typeof c.header === 'string' ? c.header : undefined}
                    className="px-4 py-2 align-top"
                  >
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
          </TableFrame>
        )}
      </PagedList>
    </div>
  );
}
