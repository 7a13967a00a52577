'use client';

import { RotateCcw } from 'lucide-react';
import type { RE2JS } from 're2js';
import { type ReactNode, useState } from 'react';
import { compileCodePattern, DEFAULT_CODE_PATTERN, findCodeMatches } from '@/lib/reservations/code-pattern';
import { detectCodes } from '@/lib/reservations/detect-codes';
import type { Settings } from '@/lib/settings/schema';
import { useI18n } from '../i18n';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { cn } from '../ui/cn';
import { Input, Textarea } from '../ui/input';
import { Field, readOnlyLook } from './field';
import { FormFooter } from './form-footer';
import { useSaveSettings } from './use-settings';

/** The message with every match marked, so an admin sees what the pattern catches and what it misses. */
function highlight(text: string, regex: RE2JS): ReactNode[] {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of findCodeMatches(regex, text)) {
    const at = match.index;
    if (at > last) parts.push(text.slice(last, at));
    parts.push(
      <mark key={at} className="rounded bg-amber-200 px-0.5 text-slate-900 dark:bg-amber-700 dark:text-white">
        {match.text}
      </mark>,
    );
    last = at + match.text.length;
  }
  parts.push(text.slice(last));
  return parts;
}

/** The reservation-code pattern, with a tester that runs the very functions the worker uses. */
export function DetectionTab({ settings, canWrite }: { settings: Settings; canWrite: boolean }) {
  const { t } = useI18n();
  const d = t.settings.detection;
  const { save, saving, errors: serverErrors } = useSaveSettings();
  const [pattern, setPattern] = useState(settings.codePattern);
  const [sample, setSample] = useState(d.testerSample);
  const compiled = compileCodePattern(pattern);
  const codes = compiled.ok ? detectCodes(sample, pattern) : [];
  const error = compiled.ok ? (serverErrors.codePattern ?? null) : d.invalid[compiled.problem];
  return (
    <form
      className="space-y-6"
      onSubmit={(event) => {
        event.preventDefault();
        save({ codePattern: pattern }, (saved) => setPattern(saved.codePattern));
      }}
    >
      <Card className="space-y-4">
        <div>
          <h2 className="font-medium">{d.title}</h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{d.description}</p>
        </div>
        <div className="flex flex-wrap items-start gap-2">
          <Field label={d.pattern} hint={d.patternHint} error={error} className="min-w-0 flex-1">
            {(control) => (
              <Input
                {...control}
                spellCheck={false}
                autoComplete="off"
                maxLength={200}
                readOnly={!canWrite}
                value={pattern}
                onChange={(e) => setPattern(e.target.value)}
                className={cn('font-mono', readOnlyLook)}
              />
            )}
          </Field>
          {canWrite && (
            <Button
              variant="secondary"
              className="mt-6"
              disabled={pattern === DEFAULT_CODE_PATTERN}
              onClick={() => setPattern(DEFAULT_CODE_PATTERN)}
            >
              <RotateCcw aria-hidden className="size-4" />
              {d.reset}
            </Button>
          )}
        </div>
      </Card>
      <Card className="space-y-4">
        <Field label={d.tester}>
          {(control) => (
            <Textarea {...control} rows={3} value={sample} onChange={(e) => setSample(e.target.value)} />
          )}
        </Field>
        <div aria-live="polite" className="space-y-3">
          {compiled.ok && (
            <p data-testid="codes-found" className="flex flex-wrap items-center gap-2 text-sm">
              {codes.length === 0 ? (
                d.none
              ) : (
                <>
                  <span>{d.found}</span>
                  {codes.map((code) => (
                    <Badge key={code} tone="green" className="font-mono">
                      {code}
                    </Badge>
                  ))}
                </>
              )}
            </p>
          )}
          {compiled.ok && codes.length > 0 && (
            <div>
              <p className="mb-1 text-xs font-medium text-slate-600 dark:text-slate-400">{d.highlighted}</p>
              <p className="rounded-md bg-slate-50 p-3 text-sm break-words whitespace-pre-wrap dark:bg-slate-800">
                {highlight(sample, compiled.regex)}
              </p>
            </div>
          )}
        </div>
      </Card>
      {canWrite && (
        <FormFooter
          dirty={pattern !== settings.codePattern}
          invalid={!compiled.ok}
          saving={saving}
          onDiscard={() => setPattern(settings.codePattern)}
        />
      )}
    </form>
  );
}
