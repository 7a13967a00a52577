'use client';

import { useI18n } from '@/components/i18n';
import { Button } from '@/components/ui/button';

/**
 * A code download that failed (the chunk of a dialog or a view loaded on first use) is not cured by a
 * re-render: after a redeploy the old chunk is gone, and React keeps a failed lazy import for the page's
 * lifetime. Only a reload helps, so that is what this page offers then.
 */
const isChunkError = (error: Error) =>
  error.name === 'ChunkLoadError' ||
  /loading chunk|load chunk|dynamically imported module|importing a module script/i.test(error.message);

export default function DashboardError({ error, reset }: { error: Error; reset: () => void }) {
  const { t } = useI18n();
  const chunk = isChunkError(error);
  return (
    <div
      role="alert"
      className="mx-auto mt-16 max-w-md rounded-xl border border-red-200 bg-white p-6 text-center dark:border-red-900 dark:bg-slate-900"
    >
      <p className="font-medium">{chunk ? t.common.chunkError : t.common.errorPage}</p>
      <Button className="mt-4" onClick={chunk ? () => window.location.reload() : reset}>
        {chunk ? t.common.reload : t.common.retry}
      </Button>
    </div>
  );
}
