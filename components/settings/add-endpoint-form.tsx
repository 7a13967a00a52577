'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { useState } from 'react';
import type { WebhookEvent } from '@/lib/db/schema';
import { apiFieldErrors } from '@/lib/i18n/api-errors';
import { api } from '../api';
import { useI18n } from '../i18n';
import { keys } from '../query-keys';
import { Button } from '../ui/button';
import { Input } from '../ui/input';
import { toast } from '../ui/toast';
import { Field } from './field';
import type { EndpointRow } from './types';
import { ADMIN_API, useToastError } from './use-settings';

const DEFAULT_EVENTS: WebhookEvent[] = ['reservation_request.created', 'reservation_request.updated'];

/** Registers an endpoint; the signing secret comes back once and goes to `onSecret`. */
export function AddEndpointForm({ onSecret }: { onSecret: (secret: string) => void }) {
  const { t } = useI18n();
  const w = t.settings.webhooks;
  // Typed against the schema's list: a new event without a name in the catalog does not compile.
  const eventNames: Record<WebhookEvent, string> = w.eventNames;
  const client = useQueryClient();
  const toastError = useToastError();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>(DEFAULT_EVENTS);
  const create = useMutation({
    mutationFn: () =>
      api<{ endpoint: EndpointRow; secret: string }>(`${ADMIN_API}/webhooks/endpoints/`, {
        method: 'POST',
        json: { url: url.trim(), events, ...(description.trim() ? { description: description.trim() } : {}) },
      }),
    onSuccess: ({ secret }) => {
      toast.success(w.created);
      onSecret(secret);
      setUrl('');
      setDescription('');
      setEvents(DEFAULT_EVENTS);
      void client.invalidateQueries({ queryKey: keys.settings.webhooks() });
    },
    onError: toastError,
  });
  const errors = apiFieldErrors(t, create.error);
  const toggle = (event: WebhookEvent, on: boolean) =>
    setEvents((list) => (on ? [...list, event] : list.filter((e) => e !== event)));
  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate();
      }}
    >
      <div className="grid gap-4 md:grid-cols-2">
        <Field label={w.url} error={errors.url}>
          {(control) => (
            <Input
              {...control}
              type="url"
              required
              maxLength={2000}
              placeholder={w.urlPlaceholder}
              value={url}
              onChange={(e) => setUrl(e.target.value)}
            />
          )}
        </Field>
        <Field label={w.note} error={errors.description}>
          {(control) => (
            <Input
              {...control}
              maxLength={500}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
            />
          )}
        </Field>
      </div>
      <fieldset>
        <legend className="mb-2 text-sm font-medium">{w.events}</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {(Object.keys(eventNames) as WebhookEvent[]).map((event) => (
            <label key={event} className="flex min-w-0 flex-wrap items-center gap-x-2 text-sm touch:min-h-11">
              <input
                type="checkbox"
                className="size-4 accent-brand-700"
                checked={events.includes(event)}
                onChange={(e) => toggle(event, e.target.checked)}
              />
              {eventNames[event]}
              <code className="min-w-0 text-xs wrap-anywhere text-slate-600 dark:text-slate-400">
                {event}
              </code>
            </label>
          ))}
        </div>
        {events.length === 0 && (
          <p className="mt-2 text-xs font-medium text-red-700 dark:text-red-400">{w.eventsRequired}</p>
        )}
      </fieldset>
      <div className="flex justify-end">
        <Button type="submit" disabled={create.isPending || !url.trim() || events.length === 0}>
          <Plus aria-hidden className="size-4" />
          {w.add}
        </Button>
      </div>
    </form>
  );
}
