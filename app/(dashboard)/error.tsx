'use client';

import { useI18n } from '@/components/i18n';
import { Button } from '@/components/ui/button';

export default function DashboardError({ reset }: { error: Error; reset: () => void }) {
  const { t } = useI18n();
  return (
    <div
      role="alert"
      className="mx-auto mt-16 max-w-md rounded-xl border border-red-200 bg-white p-6 text-center dark:border-red-900 dark:bg-slate-900"
    >
      <p className="font-medium">{t.common.errorPage}</p>
      <Button className="mt-4" onClick={reset}>
        {t.common.retry}
      </Button>
    </div>
  );
}
