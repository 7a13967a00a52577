'use client';

import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { Page } from '@/lib/api/schemas/responses';
import { useI18n } from './i18n';
import { EmptyState, ErrorNote, Skeleton } from './ui/card';
import { CursorPager, type CursorPages } from './ui/cursor-pages';

/**
 * One page of a cursor-paged list (Experiencias, Operadores, Grupos): the error with a retry, a skeleton while
 * the first page loads, the empty state, or the rows; then the previous/next pager, with the page number when
 * `showPage` is set.
 */
export function PagedList<T>({
  query,
  pages,
  empty,
  skeletonClassName,
  showPage = false,
  children,
}: {
  query: UseQueryResult<Page<T>>;
  pages: CursorPages;
  empty: { title: string; hint?: string };
  skeletonClassName: string;
  showPage?: boolean;
  children: (items: T[]) => ReactNode;
}) {
  const { t, format, errorText } = useI18n();
  const nextCursor = query.data?.nextCursor;
  return (
    <>
      {query.error ? (
        <ErrorNote
          message={errorText(query.error)}
          onRetry={() => void query.refetch()}
          retryLabel={t.common.retry}
        />
      ) : query.isPending ? (
        <Skeleton className={skeletonClassName} />
      ) : query.data.items.length === 0 ? (
        <EmptyState title={empty.title} hint={empty.hint} />
      ) : (
        children(query.data.items)
      )}
      <CursorPager
        page={pages.page}
        nextCursor={nextCursor}
        onPrevious={pages.previous}
        onNext={pages.next}
        labels={{
          previous: t.experiences.previous,
          next: t.experiences.next,
          page: showPage
            ? format(t.experiences.page, {
                page: pages.page,
                pages: nextCursor ? `${pages.page}+` : pages.page,
              })
            : undefined,
        }}
      />
    </>
  );
}
