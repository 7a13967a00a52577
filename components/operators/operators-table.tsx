'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { TriangleAlert } from 'lucide-react';
import { useState } from 'react';
import type { OperatorItem } from '@/lib/api/schemas/responses';
import { groupWarningMessage } from '@/lib/i18n/api-errors';
import { api, V1 } from '../api';
import type { ChatItem, Page } from '../chats/types';
import { CreateOperatorGroup } from '../groups/group-admin';
import { GroupPicker } from '../groups/lazy-group-picker';
import { useI18n } from '../i18n';
import { useLiveRefetch } from '../live/live-events';
import { PagedList } from '../paged-list';
import { keys } from '../query-keys';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { useCursorPages, useDebounced } from '../ui/cursor-pages';
import { SearchInput } from '../ui/input';
import { TableFrame, Th } from '../ui/table';
import { toast } from '../ui/toast';
import { useWhatsAppNumber } from '../whatsapp-number';

type Pending = { operator: OperatorItem; group: ChatItem | null };

/** Operators and their default group; a change shows how many experiences it moves before it is saved. */
export function OperatorsTable({ canWrite }: { canWrite: boolean }) {
  const { t, count, errorText } = useI18n();
  const client = useQueryClient();
  const session = useWhatsAppNumber();
  const refetchInterval = useLiveRefetch();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const pages = useCursorPages(q);
  const { cursor } = pages;
  const [pending, setPending] = useState<Pending | null>(null);
  const query = useQuery({
    queryKey: keys.operators.list({ q, cursor }),
    queryFn: () =>
      api<Page<OperatorItem>>(
        `${V1}/operators/?limit=25${q ? `&q=${encodeURIComponent(q)}` : ''}${cursor ? `&cursor=${cursor}` : ''}`,
      ),
    placeholderData: keepPreviousData,
    refetchInterval,
  });
  const save = useMutation({
    mutationFn: ({ operator, group }: Pending) =>
      api(`${V1}/operators/${operator.id}/default-group/`, {
        method: 'PATCH',
        json: { chatId: group?.id ?? null },
        session,
      }),
    onSuccess: (_r, { group }) => {
      setPending(null);
      toast.success(group ? t.operators.saved : t.operators.cleared);
      void client.invalidateQueries({ queryKey: keys.operators.all });
      void client.invalidateQueries({ queryKey: keys.experiences.all });
    },
    onError: (error) => toast.error(errorText(error)),
  });

  return (
    <div className="space-y-4">
      <SearchInput label={t.experiences.search} value={search} onSearch={setSearch} />
      <PagedList
        query={query}
        pages={pages}
        empty={{ title: t.operators.empty, hint: t.operators.emptyHint }}
        skeletonClassName="h-72 w-full"
      >
        {(items) => (
          <TableFrame
            head={
              <tr>
                <Th>{t.operators.name}</Th>
                <Th>{t.operators.organizer}</Th>
                <Th>{t.operators.phone}</Th>
                <Th>{t.operators.defaultGroup}</Th>
              </tr>
            }
          >
            {items.map((operator) => {
              const editing = pending?.operator.id === operator.id ? pending : null;
              return (
                <tr
                  key={operator.id}
                  data-testid="operator-row"
                  className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800"
                >
                  <td data-label={t.operators.name} className="px-4 py-2">
                    <p className="font-medium">{operator.name}</p>
                    <div className="mt-1 flex flex-wrap gap-1">
                      {operator.isSystemCreated && <Badge tone="blue">{t.operators.systemCreated}</Badge>}
                      {!operator.active && <Badge>{t.operators.inactive}</Badge>}
                    </div>
                  </td>
                  <td data-label={t.operators.organizer} className="px-4 py-2">
                    {operator.organizer?.name ?? t.operators.noOrganizer}
                  </td>
                  <td data-label={t.operators.phone} className="px-4 py-2">
                    {operator.phone ?? '—'}
                  </td>
                  <td data-label={t.operators.defaultGroup} className="px-4 py-2">
                    <div className="flex flex-wrap items-center gap-2">
                      <span className={operator.defaultGroup ? '' : 'text-slate-500'}>
                        {operator.defaultGroup?.name ?? operator.defaultGroup?.waId ?? t.operators.none}
                      </span>
                      {canWrite && !editing && (
                        <>
                          <GroupPicker
                            label={t.operators.set}
                            onPick={(group) => setPending({ operator, group })}
                          />
                          <CreateOperatorGroup operator={operator} />
                          {operator.defaultGroup && (
                            <Button
                              size="sm"
                              variant="ghost"
                              onClick={() => setPending({ operator, group: null })}
                            >
                              {t.operators.clear}
                            </Button>
                          )}
                        </>
                      )}
                    </div>
                    {operator.defaultGroup?.warning && (
                      <p className="mt-1 flex items-center gap-1 text-xs text-red-700 dark:text-red-400">
                        <TriangleAlert aria-hidden className="size-3" />
                        {groupWarningMessage(
                          t,
                          operator.defaultGroup.warning,
                          operator.defaultGroup.name ?? operator.defaultGroup.waId,
                        )}
                      </p>
                    )}
                    {editing && (
                      <fieldset
                        className="mt-2 rounded-md bg-amber-50 p-3 text-sm dark:bg-amber-950"
                        data-testid="operator-preview"
                      >
                        <p>
                          <strong>
                            {editing.group ? (editing.group.name ?? editing.group.waId) : t.operators.none}
                          </strong>
                        </p>
                        <p className="mt-1">
                          {count(t.operators.affects, operator.experienceCount, {
                            affected: operator.followingDefaultCount,
                          })}{' '}
                          {count(t.operators.affectsOverridden, operator.overriddenCount)}
                        </p>
                        <div className="mt-2 flex gap-2">
                          <Button size="sm" disabled={save.isPending} onClick={() => save.mutate(editing)}>
                            {t.operators.confirm}
                          </Button>
                          <Button size="sm" variant="secondary" onClick={() => setPending(null)}>
                            {t.operators.cancel}
                          </Button>
                        </div>
                      </fieldset>
                    )}
                  </td>
                </tr>
              );
            })}
          </TableFrame>
        )}
      </PagedList>
    </div>
  );
}
