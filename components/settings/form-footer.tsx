'use client';

import { useI18n } from '../i18n';
import { Button } from '../ui/button';

/** Save / discard for a settings form; says when there is something unsaved or something to fix first. */
export function FormFooter({
  dirty,
  invalid,
  saving,
  onDiscard,
}: {
  dirty: boolean;
  invalid: boolean;
  saving: boolean;
  onDiscard: () => void;
}) {
  const { t } = useI18n();
  return (
    <div className="flex flex-wrap items-center justify-end gap-3 border-t border-slate-200 pt-4 dark:border-slate-800">
      <p className="mr-auto text-sm text-slate-600 dark:text-slate-400" aria-live="polite">
        {dirty ? (invalid ? t.settings.fixErrors : t.settings.unsaved) : ''}
      </p>
      <Button variant="secondary" disabled={!dirty || saving} onClick={onDiscard}>
        {t.settings.discard}
      </Button>
      <Button type="submit" disabled={!dirty || invalid || saving}>
        {saving ? t.settings.saving : t.settings.save}
      </Button>
    </div>
  );
}
