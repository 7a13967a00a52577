'use client';

import type { Settings } from '@/lib/settings/schema';
import { useI18n } from '../i18n';
import { Card } from '../ui/card';
import { useSaveSettings } from './use-settings';

/** The switch for sending WhatsApp's read receipt when a chat is marked read (off by default); saved on change. */
export function ReadReceiptsCard({ settings, canWrite }: { settings: Settings; canWrite: boolean }) {
  const { t } = useI18n();
  const r = t.settings.readReceipts;
  const { save, saving } = useSaveSettings();
  return (
    <Card className="space-y-3">
      <h2 className="font-medium">{r.title}</h2>
      <label className="flex items-start gap-2 text-sm touch:min-h-11">
        <input
          type="checkbox"
          className="mt-0.5 size-4 accent-brand-700"
          checked={settings.sendReadReceipts}
          disabled={!canWrite || saving}
          onChange={(e) => save({ sendReadReceipts: e.target.checked }, () => {})}
        />
        {r.label}
      </label>
      <p className="text-sm text-slate-600 dark:text-slate-400">{r.description}</p>
    </Card>
  );
}
