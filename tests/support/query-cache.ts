import type { QueryClient } from '@tanstack/react-query';

/** The keys a live event made stale in the dashboard's cache: what the open screens would refetch. */
export function staleKeys(client: QueryClient): readonly unknown[][] {
  return client
    .getQueryCache()
    .getAll()
    .filter((q) => q.state.isInvalidated)
    .map((q) => [...q.queryKey]);
}
