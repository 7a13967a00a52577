'use client';

import { useQuery } from '@tanstack/react-query';
import { RefreshCw } from 'lucide-react';
import { useState } from 'react';
import { api, V1 } from '../api';
import { useI18n } from '../i18n';
import { keys } from '../query-keys';
import { Button } from '../ui/button';
import { toast } from '../ui/toast';
import { useWhatsAppNumber } from '../whatsapp-number';
import type { CommandView } from './types';

/** "Sync history": queues sync_chat_messages and shows its recorded progress until it finishes. */
export function SyncHistory({ chatId, onDone }: { chatId: number; onDone: () => void }) {
  const { t, format, count, errorText } = useI18n();
  const session = useWhatsAppNumber();
  const [commandId, setCommandId] = useState<number | null>(null);
  const { data } = useQuery({
    queryKey: keys.commands.detail(commandId ?? 0),
    queryFn: async () => {
      const command = await api<CommandView>(`${V1}/commands/${commandId}/`);
      if (command.status === 'succeeded') {
        toast.success(count(t.chats.syncDone, command.result?.messages ?? 0));
        setCommandId(null);
        onDone();
      } else if (['failed', 'unknown', 'cancelled'].includes(command.status)) {
        // The worker's error is technical English (whatsapp-web.js); the log keeps it, the reader gets a sentence.
        toast.error(t.chats.syncFailed);
        setCommandId(null);
      }
      return command;
    },
    enabled: commandId !== null,
    refetchInterval: 1000,
  });
  if (commandId !== null) {
    const done = data?.progress?.done ?? 0;
    const total = data?.progress?.total ?? 0;
    return (
      <div className="flex w-32 flex-col gap-1 text-xs sm:w-48" aria-live="polite">
        <span>{format(t.chats.syncing, { done, total: total || '…' })}</span>
        <progress className="h-1.5 w-full accent-brand-600" value={done} max={total || 1} />
      </div>
    );
  }
  return (
    <Button
      variant="secondary"
      size="sm"
      onClick={async () => {
        try {
          const { command } = await api<{ command: { id: number } }>(`${V1}/sync/`, {
            method: 'POST',
            json: { chatId, limit: 1000 },
            session,
          });
          setCommandId(command.id);
        } catch (error) {
          toast.error(errorText(error));
        }
      }}
    >
      <RefreshCw aria-hidden className="size-4" />
      <span className="max-sm:sr-only">{t.chats.syncHistory}</span>
    </Button>
  );
}
