'use client';

import { useQueries, useQueryClient } from '@tanstack/react-query';
import { SendHorizontal } from 'lucide-react';
import { useEffect, useState } from 'react';
import { toast } from 'sonner';
import { api, V1 } from '../api';
import { useI18n } from '../i18n';
import { keys } from '../query-keys';
import { Button } from '../ui/button';
import { Textarea } from '../ui/input';
import { useWhatsAppNumber } from '../whatsapp-number';
import type { CommandView } from './types';

export interface PendingSend {
  key: string;
  body: string;
  at: string;
  commandId?: number;
  status: string;
  protocolId?: string;
}

/**
 * Shows the message at once as pending, then follows its outbox command; once it is sent, the stored
 * message (with its ticks) replaces the pending bubble. The idempotency key makes a double click or a
 * retried request send once.
 */
export function usePendingSends(chatId: number) {
  const [pending, setPending] = useState<PendingSend[]>([]);
  const client = useQueryClient();
  const session = useWhatsAppNumber();
  const commands = useQueries({
    queries: pending
      .filter((p) => p.commandId !== undefined)
      .map((p) => ({
        queryKey: keys.commands.detail(p.commandId!),
        queryFn: () => api<CommandView>(`${V1}/commands/${p.commandId}/`),
        refetchInterval: (q: { state: { data?: CommandView } }) =>
          q.state.data && ['succeeded', 'failed', 'unknown', 'cancelled'].includes(q.state.data.status)
            ? false
            : 1500,
      })),
  });
  const withStatus = pending.map((p) => {
    const command = commands.find((c) => c.data?.id === p.commandId)?.data;
    return command ? { ...p, status: command.status, protocolId: command.result?.protocolId } : p;
  });
  // A send that just succeeded: fetch the stored message (with its ticks) that replaces the pending bubble.
  const succeeded = withStatus.filter((p) => p.status === 'succeeded').length;
  useEffect(() => {
    if (succeeded > 0) void client.invalidateQueries({ queryKey: keys.messages.list(session, chatId) });
  }, [succeeded, session, chatId, client]);

  const send = async (body: string) => {
    const key = crypto.randomUUID();
    setPending((list) => [...list, { key, body, at: new Date().toISOString(), status: 'pending' }]);
    try {
      const { command } = await api<{ command: { id: number } }>(`${V1}/chats/${chatId}/messages/`, {
        method: 'POST',
        json: { body, idempotencyKey: key },
      });
      setPending((list) => list.map((p) => (p.key === key ? { ...p, commandId: command.id } : p)));
    } catch (error) {
      setPending((list) => list.map((p) => (p.key === key ? { ...p, status: 'failed' } : p)));
      throw error;
    }
  };
  return { pending: withStatus, send };
}

export function Composer({
  onSend,
  disabledReason,
}: {
  onSend: (body: string) => Promise<void>;
  disabledReason?: string;
}) {
  const { t, errorText } = useI18n();
  const [body, setBody] = useState('');
  if (disabledReason)
    return (
      <p className="border-t border-slate-200 p-3 text-sm text-slate-600 dark:border-slate-800 dark:text-slate-400">
        {disabledReason}
      </p>
    );
  const submit = () => {
    const text = body.trim();
    if (!text) return;
    setBody('');
    onSend(text).catch((error: unknown) => toast.error(errorText(error)));
  };
  return (
    <form
      className="flex items-end gap-2 border-t border-slate-200 p-3 dark:border-slate-800"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Textarea
        aria-label={t.chats.composer}
        placeholder={t.chats.composer}
        rows={1}
        maxLength={4096}
        value={body}
        onChange={(event) => setBody(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey) {
            event.preventDefault();
            submit();
          }
        }}
        className="max-h-40 min-h-10 resize-y"
      />
      <Button type="submit" aria-label={t.chats.send} disabled={!body.trim()}>
        <SendHorizontal aria-hidden className="size-4" />
        {t.chats.send}
      </Button>
    </form>
  );
}
