'use client';

import { useRef, useState } from 'react';
import {
  renderTemplate,
  TEMPLATE_PLACEHOLDERS,
  type TemplatePlaceholder,
  type TemplateValues,
  unknownPlaceholders,
} from '@/lib/settings/render-template';
import type { Settings } from '@/lib/settings/schema';
import { useI18n } from '../i18n';
import { Card } from '../ui/card';
import { cn } from '../ui/cn';
import { Input, Textarea } from '../ui/input';
import { Field, readOnlyLook } from './field';
import { FormFooter } from './form-footer';
import { useSaveSettings } from './use-settings';
import { WhatsAppPreview } from './whatsapp-preview';

const TEMPLATES = ['notificationTemplate', 'replyConfirmedTemplate', 'replyRejectedTemplate'] as const;
type TemplateKey = (typeof TEMPLATES)[number];

const toDraft = (s: Settings) => ({
  notificationTemplate: s.notificationTemplate,
  replyConfirmedTemplate: s.replyConfirmedTemplate,
  replyRejectedTemplate: s.replyRejectedTemplate,
  confirmWords: s.confirmWords.join(', '),
  rejectWords: s.rejectWords.join(', '),
  notifyAckTimeoutSeconds: String(s.notifyAckTimeoutSeconds),
});
type Draft = ReturnType<typeof toDraft>;

const wordList = (text: string) =>
  text
    .split(',')
    .map((w) => w.trim())
    .filter(Boolean);

/** The three templates with a live preview from sample values, the operator's answer words and the ack wait. */
export function TemplatesTab({
  settings,
  canWrite,
  sample,
}: {
  settings: Settings;
  canWrite: boolean;
  sample: TemplateValues;
}) {
  const { t, format } = useI18n();
  const tt = t.settings.templates;
  const { save, saving, errors: serverErrors } = useSaveSettings();
  const [draft, setDraft] = useState(() => toDraft(settings));
  const [active, setActive] = useState<TemplateKey>('notificationTemplate');
  // The template being edited, so a placeholder chip inserts at its cursor after focus moved to the chip.
  const lastFocused = useRef<HTMLTextAreaElement | null>(null);

  const errors: Partial<Record<keyof Draft, string>> = {};
  for (const key of TEMPLATES) {
    const unknown = unknownPlaceholders(draft[key]);
    if (!draft[key].trim()) errors[key] = tt.empty;
    else if (unknown.length)
      errors[key] = format(tt.unknown, { names: unknown.map((n) => `{${n}}`).join(', ') });
  }
  for (const key of ['confirmWords', 'rejectWords'] as const)
    if (wordList(draft[key]).length === 0) errors[key] = tt.wordsRequired;
  const ack = Number(draft.notifyAckTimeoutSeconds);
  if (!Number.isInteger(ack) || ack < 10 || ack > 86_400) errors.notifyAckTimeoutSeconds = tt.ackTimeoutHint;
  const errorOf = (key: keyof Draft) => errors[key] ?? serverErrors[key] ?? null;

  const dirty = JSON.stringify(draft) !== JSON.stringify(toDraft(settings));
  const insert = (name: TemplatePlaceholder) => {
    const element = lastFocused.current;
    const value = draft[active];
    const start = element?.selectionStart ?? value.length;
    const end = element?.selectionEnd ?? value.length;
    const token = `{${name}}`;
    setDraft({ ...draft, [active]: value.slice(0, start) + token + value.slice(end) });
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(start + token.length, start + token.length);
    });
  };
  const labels: Record<TemplateKey, { label: string; hint?: string }> = {
    notificationTemplate: { label: tt.notification, hint: tt.notificationHint },
    replyConfirmedTemplate: { label: tt.confirmed },
    replyRejectedTemplate: { label: tt.rejected },
  };

  return (
    <form
      className="space-y-6"
      onSubmit={(event) => {
        event.preventDefault();
        save(
          {
            ...Object.fromEntries(TEMPLATES.map((key) => [key, draft[key]])),
            confirmWords: wordList(draft.confirmWords),
            rejectWords: wordList(draft.rejectWords),
            notifyAckTimeoutSeconds: ack,
          },
          (saved) => setDraft(toDraft(saved)),
        );
      }}
    >
      <Card>
        <h2 className="font-medium">{tt.placeholders}</h2>
        {canWrite && <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{tt.placeholdersHint}</p>}
        <ul className="mt-3 grid gap-2 sm:grid-cols-2 xl:grid-cols-3">
          {TEMPLATE_PLACEHOLDERS.map((name) => (
            <li key={name} className="flex items-center gap-2 text-sm">
              <button
                type="button"
                disabled={!canWrite}
                aria-label={format(tt.insert, { name: `{${name}}` })}
                onClick={() => insert(name)}
                className="rounded-md bg-slate-100 px-2 py-0.5 font-mono text-xs touch:min-h-11 touch:px-3 text-slate-800 hover:bg-brand-50 hover:text-brand-700 disabled:cursor-default disabled:hover:bg-slate-100 disabled:hover:text-slate-800 dark:bg-slate-800 dark:text-slate-200 dark:hover:bg-slate-700"
              >
                {`{${name}}`}
              </button>
              <span className="text-slate-600 dark:text-slate-400">{tt.placeholderNames[name]}</span>
            </li>
          ))}
        </ul>
      </Card>

      {TEMPLATES.map((key) => (
        <Card key={key} className="grid gap-4 lg:grid-cols-2">
          <Field label={labels[key].label} hint={labels[key].hint} error={errorOf(key)}>
            {(control) => (
              <Textarea
                {...control}
                rows={key === 'notificationTemplate' ? 10 : 5}
                maxLength={2000}
                readOnly={!canWrite}
                value={draft[key]}
                onFocus={(e) => {
                  setActive(key);
                  lastFocused.current = e.currentTarget;
                }}
                onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
                className={cn('font-mono text-[13px] leading-relaxed', readOnlyLook)}
              />
            )}
          </Field>
          <div>
            <p className="mb-1 text-sm font-medium">{tt.preview}</p>
            <WhatsAppPreview
              label={`${tt.preview}: ${labels[key].label}`}
              text={renderTemplate(draft[key], sample)}
            />
            <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">{tt.previewNote}</p>
          </div>
        </Card>
      ))}

      <Card className="space-y-4">
        <div>
          <h2 className="font-medium">{tt.answers}</h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{tt.answersHint}</p>
        </div>
        <div className="grid gap-4 md:grid-cols-2">
          {(['confirmWords', 'rejectWords'] as const).map((key) => (
            <Field key={key} label={tt[key]} error={errorOf(key)}>
              {(control) => (
                <Input
                  {...control}
                  readOnly={!canWrite}
                  className={readOnlyLook}
                  value={draft[key]}
                  onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
                />
              )}
            </Field>
          ))}
        </div>
        <Field
          label={tt.ackTimeout}
          hint={tt.ackTimeoutHint}
          error={errors.notifyAckTimeoutSeconds ? null : (serverErrors.notifyAckTimeoutSeconds ?? null)}
          className="max-w-sm"
        >
          {(control) => (
            <Input
              {...control}
              type="number"
              inputMode="numeric"
              min={10}
              max={86_400}
              step={1}
              readOnly={!canWrite}
              className={readOnlyLook}
              aria-invalid={errors.notifyAckTimeoutSeconds ? true : undefined}
              value={draft.notifyAckTimeoutSeconds}
              onChange={(e) => setDraft({ ...draft, notifyAckTimeoutSeconds: e.target.value })}
            />
          )}
        </Field>
      </Card>

      {canWrite && (
        <FormFooter
          dirty={dirty}
          invalid={Object.keys(errors).length > 0}
          saving={saving}
          onDiscard={() => setDraft(toDraft(settings))}
        />
      )}
    </form>
  );
}
