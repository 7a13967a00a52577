'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { ShieldCheck, TriangleAlert, Users } from 'lucide-react';
import Link from 'next/link';
import { useState } from 'react';
import type { GroupItem, Page } from '@/lib/api/schemas/responses';
import { api, V1 } from '../api';
import { useI18n } from '../i18n';
import { useLiveRefetch } from '../live/live-events';
import { PagedList } from '../paged-list';
import { keys } from '../query-keys';
import { Badge } from '../ui/badge';
import { useCursorPages, useDebounced } from '../ui/cursor-pages';
import { SearchInput } from '../ui/input';
import { TableFrame, Th } from '../ui/table';
import { useWhatsAppNumber } from '../whatsapp-number';
import { GroupAdmin } from './group-admin';

/**
 * The number's groups and who routes notifications to each. A group we left that still has bindings is the
 * one thing to act on: it is flagged above the table.
 */
export function GroupsTable({ canWrite = false }: { canWrite?: boolean }) {
  const { t } = useI18n();
  const session = useWhatsAppNumber();
  const refetchInterval = useLiveRefetch();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const pages = useCursorPages(q);
  const { cursor } = pages;
  const query = useQuery({
    queryKey: keys.groups.list(session, { q, cursor }),
    queryFn: () => {
      const params = new URLSearchParams({ limit: '50', order: 'name' });
      if (q) params.set('q', q);
      if (cursor) params.set('cursor', cursor);
      return api<Page<GroupItem>>(`${V1}/groups/?${params}`, { session });
    },
    placeholderData: keepPreviousData,
    refetchInterval,
  });
  const groups = query.data?.items ?? [];
  const broken = groups.some(
    (g) => !g.weAreMember && (g.usedBy.experiences.length > 0 || g.usedBy.operators.length > 0),
  );

  return (
    <div className="space-y-4">
      <SearchInput label={t.chats.search} value={search} onSearch={setSearch} />
      {broken && (
        <p
          role="alert"
          className="flex items-center gap-2 rounded-md bg-red-50 px-3 py-2 text-sm text-red-900 dark:bg-red-950 dark:text-red-200"
        >
          <TriangleAlert aria-hidden className="size-4" />
          {t.groups.warning}
        </p>
      )}
      <PagedList
        query={query}
        pages={pages}
        empty={{ title: t.groups.empty, hint: t.groups.emptyHint }}
        skeletonClassName="h-96 w-full"
      >
        {(items) => (
          <TableFrame
            head={
              <tr>
                <Th>{t.nav.groups}</Th>
                <Th>{t.groups.participants}</Th>
                <Th>{t.groups.member}</Th>
                <Th>{t.groups.usedBy}</Th>
              </tr>
            }
          >
            {items.map((group) => (
              <tr
                key={group.id}
                data-testid="group-row"
                className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800"
              >
                <td data-label={t.nav.groups} className="px-4 py-2">
                  <Link
                    href={`/chats?chat=${group.id}`}
                    className="flex items-center gap-2 font-medium hover:underline touch:min-h-11"
                  >
                    <Users aria-hidden className="size-4" />
                    {group.name ?? group.waId}
                  </Link>
                </td>
                <td data-label={t.groups.participants} className="px-4 py-2">
                  {group.participantCount}
                </td>
                <td data-label={t.groups.member} className="px-4 py-2">
                  {group.weAreMember ? (
                    <div className="flex flex-wrap gap-1">
                      <Badge tone="green">{t.groups.member}</Badge>
                      {group.weAreAdmin && (
                        <Badge tone="blue">
                          <ShieldCheck aria-hidden className="size-3" />
                          {t.groups.admin}
                        </Badge>
                      )}
                      {canWrite && <GroupAdmin group={group} />}
                    </div>
                  ) : (
                    <Badge tone="red">
                      <TriangleAlert aria-hidden className="size-3" />
                      {t.groups.notMember}
                    </Badge>
                  )}
                </td>
                <td data-label={t.groups.usedBy} className="px-4 py-2">
                  <UsedBy usage={group.usedBy} />
                </td>
              </tr>
            ))}
          </TableFrame>
        )}
      </PagedList>
    </div>
  );
}

function UsedBy({ usage }: { usage: GroupItem['usedBy'] }) {
  const { t, format } = useI18n();
  if (usage.experiences.length === 0 && usage.operators.length === 0)
    return <span className="text-slate-500">{t.groups.unused}</span>;
  return (
    <ul className="space-y-0.5">
      {usage.operators.map((o) => (
        <li key={`o${o.id}`}>
          <Link href="/operators" className="hover:underline">
            {o.name}
          </Link>{' '}
          <span className="text-xs text-slate-600 dark:text-slate-400">· {t.operators.defaultGroup}</span>
        </li>
      ))}
      {usage.experiences.slice(0, 5).map((e) => (
        <li key={`e${e.id}`}>
          {e.title}{' '}
          <span className="text-xs text-slate-600 dark:text-slate-400">
            · {e.isOverride ? t.experiences.source.override : t.experiences.source.binding}
          </span>
        </li>
      ))}
      {usage.experiences.length > 5 && (
        <li className="text-xs text-slate-600">
          {format(t.groups.experiencesCount, { count: usage.experiences.length })}
        </li>
      )}
    </ul>
  );
}
