import { ShieldCheck, TriangleAlert, Users } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { RefreshOnEvents } from '@/components/live/refresh-on-events';
import { Badge } from '@/components/ui/badge';
import { EmptyState, PageHeader } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { TableFrame, Th } from '@/components/ui/table';
import { groupUsage } from '@/lib/bindings/group-usage';
import { getDb } from '@/lib/db';
import { format } from '@/lib/i18n';
import { listChats } from '@/lib/whatsapp/list-chats';
import { findSessionByName } from '@/lib/whatsapp/sessions/view';
import { requirePageUser } from '../../_lib/auth-guards';
import { getT } from '../../_lib/locale';
import { getSessionChoice } from '../../_lib/session-choice';

export const metadata: Metadata = { title: 'Grupos' };
export const dynamic = 'force-dynamic';

export default async function GroupsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageUser();
  const { t } = await getT();
  const params = await searchParams;
  const q = typeof params.q === 'string' ? params.q.slice(0, 200) : '';
  const cursor =
    typeof params.cursor === 'string' && /^[\w-]{1,300}$/.test(params.cursor) ? params.cursor : undefined;
  const db = getDb();
  const session = await findSessionByName(db, (await getSessionChoice()).current).catch(() => null);
  const page = session
    ? await listChats(db, {
        sessionId: session.id,
        kind: 'groups',
        order: 'name',
        q: q || undefined,
        cursor,
        limit: 50,
      })
    : { items: [], nextCursor: null };
  const usage = await groupUsage(
    db,
    page.items.map((g) => g.id),
  );
  const broken = page.items.some(
    (g) => !g.weAreMember && (usage.get(g.id)?.experiences.length || usage.get(g.id)?.operators.length),
  );

  return (
    <>
      <RefreshOnEvents types={['chats', 'bindings']} />
      <PageHeader title={t.groups.title} description={t.groups.description} />
      <form className="mb-4 flex max-w-sm gap-2">
        <Input
          type="search"
          name="q"
          defaultValue={q}
          aria-label={t.chats.search}
          placeholder={t.chats.search}
        />
      </form>
      {broken && (
        <p
          role="alert"
          className="mb-4 flex items-center gap-2 rounded-md bg-red-50 px-3 py-2 text-sm text-red-900 dark:bg-red-950 dark:text-red-200"
        >
          <TriangleAlert aria-hidden className="size-4" />
          {t.groups.warning}
        </p>
      )}
      {page.items.length === 0 ? (
        <EmptyState title={t.groups.empty} hint={t.groups.emptyHint} />
      ) : (
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
          {page.items.map((group) => {
            const used = usage.get(group.id)!;
            return (
              <tr
                key={group.id}
                data-testid="group-row"
                className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800"
              >
                <td className="px-4 py-2">
                  <Link
                    href={`/chats?chat=${group.id}`}
                    className="flex items-center gap-2 font-medium hover:underline"
                  >
                    <Users aria-hidden className="size-4" />
                    {group.name ?? group.waId}
                  </Link>
                </td>
                <td className="px-4 py-2">{group.participantCount}</td>
                <td className="px-4 py-2">
                  {group.weAreMember ? (
                    <div className="flex flex-wrap gap-1">
                      <Badge tone="green">{t.groups.member}</Badge>
                      {group.weAreAdmin && (
                        <Badge tone="blue">
                          <ShieldCheck aria-hidden className="size-3" />
                          {t.groups.admin}
                        </Badge>
                      )}
                    </div>
                  ) : (
                    <Badge tone="red">
                      <TriangleAlert aria-hidden className="size-3" />
                      {t.groups.notMember}
                    </Badge>
                  )}
                </td>
                <td className="px-4 py-2">
                  {used.experiences.length === 0 && used.operators.length === 0 ? (
                    <span className="text-slate-500">{t.groups.unused}</span>
                  ) : (
                    <ul className="space-y-0.5">
                      {used.operators.map((o) => (
                        <li key={`o${o.id}`}>
                          <Link href="/operators" className="hover:underline">
                            {o.name}
                          </Link>{' '}
                          <span className="text-xs text-slate-600 dark:text-slate-400">
                            · {t.operators.defaultGroup}
                          </span>
                        </li>
                      ))}
                      {used.experiences.slice(0, 5).map((e) => (
                        <li key={`e${e.id}`}>
                          {e.title}{' '}
                          <span className="text-xs text-slate-600 dark:text-slate-400">
                            · {e.isOverride ? t.experiences.source.override : t.experiences.source.binding}
                          </span>
                        </li>
                      ))}
                      {used.experiences.length > 5 && (
                        <li className="text-xs text-slate-600">
                          {format(t.groups.experiencesCount, { count: used.experiences.length })}
                        </li>
                      )}
                    </ul>
                  )}
                </td>
              </tr>
            );
          })}
        </TableFrame>
      )}
      {page.nextCursor && (
        <div className="mt-4 flex justify-end">
          <Link
            className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800"
            href={`/groups?${new URLSearchParams({ ...(q ? { q } : {}), cursor: page.nextCursor })}`}
          >
            {t.experiences.next}
          </Link>
        </div>
      )}
    </>
  );
}
