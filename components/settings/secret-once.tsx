'use client';

import { Check, Copy } from 'lucide-react';
import { useRef } from 'react';
import { useI18n } from '../i18n';
import { Button } from '../ui/button';
import { toast } from '../ui/toast';

/** A credential shown once (API key, webhook secret, generated password): copy it, then dismiss it for good. */
export function SecretOnce({
  title,
  value,
  onDismiss,
}: {
  title: string;
  value: string;
  onDismiss: () => void;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLElement>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      toast.success(t.settings.secret.copied);
    } catch {
      const selection = window.getSelection();
      if (ref.current && selection) selection.selectAllChildren(ref.current);
      toast.error(t.settings.secret.copyFailed);
    }
  };
  return (
    <div
      role="status"
      className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm dark:border-amber-700 dark:bg-amber-950"
    >
      <p className="font-medium text-amber-950 dark:text-amber-100">{title}</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <code
          ref={ref}
          data-testid="secret-value"
          className="min-w-0 flex-1 rounded bg-white px-2 py-1.5 font-mono text-xs break-all text-slate-900 ring-1 ring-amber-200 dark:bg-slate-900 dark:text-slate-100 dark:ring-amber-800"
        >
          {value}
        </code>
        <Button size="sm" variant="secondary" onClick={copy}>
          <Copy aria-hidden className="size-3.5" />
          {t.settings.secret.copy}
        </Button>
        <Button size="sm" variant="ghost" onClick={onDismiss}>
          <Check aria-hidden className="size-3.5" />
          {t.settings.secret.dismiss}
        </Button>
      </div>
    </div>
  );
}
