'use client';

import { TriangleAlert } from 'lucide-react';
import { useState } from 'react';
import type { Settings } from '@/lib/settings/schema';
import { useI18n } from '../i18n';
import { Card } from '../ui/card';
import { Input } from '../ui/input';
import { Field, readOnlyLook } from './field';
import { FormFooter } from './form-footer';
import { ReadReceiptsCard } from './read-receipts-card';
import { useSaveSettings } from './use-settings';

type Pace = Settings['sendingPace'];
const FIELDS: { key: keyof Pace; min: number; max: number }[] = [
  { key: 'perChatMinGapMs', min: 0, max: 600_000 },
  { key: 'globalPerMinute', min: 1, max: 600 },
  { key: 'jitterMs', min: 0, max: 60_000 },
];
const toDraft = (pace: Pace) =>
  Object.fromEntries(FIELDS.map(({ key }) => [key, String(pace[key])])) as Record<keyof Pace, string>;

/**
 * How fast the worker sends: the gap per chat, the global cap per minute, and random jitter; and whether
 * marking a chat read sends WhatsApp's read receipt.
 */
export function PaceTab({ settings, canWrite }: { settings: Settings; canWrite: boolean }) {
  const { t, format, locale } = useI18n();
  const p = t.settings.pace;
  const { save, saving, errors: serverErrors } = useSaveSettings();
  const [draft, setDraft] = useState(() => toDraft(settings.sendingPace));
  const labels: Record<keyof Pace, { label: string; hint: string }> = {
    perChatMinGapMs: { label: p.perChat, hint: p.perChatHint },
    globalPerMinute: { label: p.perMinute, hint: p.perMinuteHint },
    jitterMs: { label: p.jitter, hint: p.jitterHint },
  };
  const values = Object.fromEntries(FIELDS.map(({ key }) => [key, Number(draft[key])])) as Pace;
  const invalid = FIELDS.filter(({ key, min, max }) => {
    const v = values[key];
    return draft[key].trim() === '' || !Number.isInteger(v) || v < min || v > max;
  }).map((f) => f.key);
  const seconds = (ms: number) =>
    (ms / 1000).toLocaleString(locale === 'es' ? 'es-CL' : 'en', { maximumFractionDigits: 1 });
  return (
    <div className="space-y-6">
      <form
        className="space-y-6"
        onSubmit={(event) => {
          event.preventDefault();
          save({ sendingPace: values }, (saved) => setDraft(toDraft(saved.sendingPace)));
        }}
      >
        <Card className="space-y-4">
          <div>
            <h2 className="font-medium">{p.title}</h2>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{p.description}</p>
          </div>
          <p className="flex items-start gap-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-100">
            <TriangleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
            {p.hint}
          </p>
          <div className="grid max-w-2xl gap-4">
            {FIELDS.map(({ key, min, max }) => (
              <Field
                key={key}
                label={labels[key].label}
                hint={invalid.includes(key) ? undefined : labels[key].hint}
                error={invalid.includes(key) ? labels[key].hint : null}
              >
                {(control) => (
                  <Input
                    {...control}
                    type="number"
                    inputMode="numeric"
                    min={min}
                    max={max}
                    step={1}
                    readOnly={!canWrite}
                    className={readOnlyLook}
                    value={draft[key]}
                    onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
                  />
                )}
              </Field>
            ))}
          </div>
          {serverErrors.sendingPace && (
            <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-400">
              {serverErrors.sendingPace}
            </p>
          )}
          {invalid.length === 0 && (
            <p className="text-sm text-slate-700 dark:text-slate-300" data-testid="pace-summary">
              {format(p.summary, {
                perMinute: values.globalPerMinute,
                min: seconds(values.perChatMinGapMs),
                max: seconds(values.perChatMinGapMs + values.jitterMs),
              })}
            </p>
          )}
        </Card>
        {canWrite && (
          <FormFooter
            dirty={JSON.stringify(draft) !== JSON.stringify(toDraft(settings.sendingPace))}
            invalid={invalid.length > 0}
            saving={saving}
            onDiscard={() => setDraft(toDraft(settings.sendingPace))}
          />
        )}
      </form>
      <ReadReceiptsCard settings={settings} canWrite={canWrite} />
    </div>
  );
}
