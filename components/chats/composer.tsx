'use client';

import { useQueries, useQueryClient } from '@tanstack/react-query';
import { FileText, Paperclip, SendHorizontal, X } from 'lucide-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { precheckFile, SENDABLE_ACCEPT } from '@/lib/media/send-types';
import { api, V1 } from '../api';
import { useI18n } from '../i18n';
import { keys } from '../query-keys';
import { Button } from '../ui/button';
import { Textarea } from '../ui/input';
import { toast } from '../ui/toast';
import { useWhatsAppNumber } from '../whatsapp-number';
import { formatSize, previewLine } from './message-kinds';
import type { CommandView, RichMessage } from './types';

export interface PendingSend {
  key: string;
  body: string;
  /** The attached file's name, shown on the pending bubble. */
  fileName?: string;
  at: string;
  commandId?: number;
  status: string;
  protocolId?: string;
}

export interface Outgoing {
  body: string;
  file?: File;
  asDocument?: boolean;
  quotedMessageId?: number;
}

/**
 * Shows the message at once as pending, then follows its outbox command; once it is sent, the stored
 * message (with its ticks) replaces the pending bubble. The idempotency key makes a double click or a
 * retried request send once. A file goes as multipart/form-data with its caption.
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

  const send = async ({ body, file, asDocument, quotedMessageId }: Outgoing) => {
    const key = crypto.randomUUID();
    setPending((list) => [
      ...list,
      { key, body, fileName: file?.name, at: new Date().toISOString(), status: 'pending' },
    ]);
    try {
      const url = `${V1}/chats/${chatId}/messages/`;
      let init: RequestInit & { json?: unknown };
      if (file) {
        const form = new FormData();
        form.set('file', file);
        form.set('caption', body);
        form.set('asDocument', asDocument ? 'true' : 'false');
        form.set('idempotencyKey', key);
        if (quotedMessageId) form.set('quotedMessageId', String(quotedMessageId));
        init = { method: 'POST', body: form };
      } else init = { method: 'POST', json: { body, idempotencyKey: key, quotedMessageId } };
      const { command } = await api<{ command: { id: number } }>(url, init);
      setPending((list) => list.map((p) => (p.key === key ? { ...p, commandId: command.id } : p)));
    } catch (error) {
      setPending((list) => list.map((p) => (p.key === key ? { ...p, status: 'failed' } : p)));
      throw error;
    }
  };
  return { pending: withStatus, send };
}

/**
 * Text, or a file (picked, dropped on the chat, or pasted) previewed with its caption before it goes; a reply
 * shows what it quotes above. Files WhatsApp would refuse are stopped here with the reason, before uploading.
 */
export function Composer({
  onSend,
  disabledReason,
  file,
  onFile,
  replyTo,
  replyLabel,
  onCancelReply,
  maxUploadMb,
}: {
  onSend: (message: Outgoing) => Promise<void>;
  disabledReason?: string;
  file: File | null;
  onFile: (file: File | null) => void;
  replyTo: RichMessage | null;
  replyLabel: string;
  onCancelReply: () => void;
  maxUploadMb: number;
}) {
  const { t, errorText, format, locale } = useI18n();
  const [body, setBody] = useState('');
  const [asDocument, setAsDocument] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  const text = useRef<HTMLTextAreaElement>(null);
  const preview = useMemo(() => (file?.type.startsWith('image/') ? URL.createObjectURL(file) : null), [file]);
  useEffect(() => () => (preview ? URL.revokeObjectURL(preview) : undefined), [preview]);
  useEffect(() => {
    if (replyTo || file) text.current?.focus();
  }, [replyTo, file]);
  if (disabledReason)
    return (
      <p className="border-t border-slate-200 p-3 text-sm text-slate-600 dark:border-slate-800 dark:text-slate-400">
        {disabledReason}
      </p>
    );
  const attach = (picked: File | undefined) => {
    if (!picked) return;
    const problem = acceptFile(picked, maxUploadMb, { t, format, locale });
    if (problem) {
      toast.error(problem);
      return;
    }
    setAsDocument(false);
    onFile(picked);
  };
  const submit = () => {
    const caption = body.trim();
    if (!caption && !file) return;
    setBody('');
    onFile(null);
    onCancelReply();
    onSend({
      body: caption,
      file: file ?? undefined,
      asDocument,
      quotedMessageId: replyTo?.id,
    }).catch((error: unknown) => toast.error(errorText(error)));
  };
  const inline = file && /^(image|video|audio)\//.test(file.type);
  return (
    <form
      className="border-t border-slate-200 dark:border-slate-800"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {replyTo && (
        <div data-testid="reply-preview" className="flex items-center gap-2 px-3 pt-2">
          <div className="min-w-0 flex-1 rounded-md border-l-4 border-brand-600 bg-slate-100 px-2 py-1 dark:bg-slate-800">
            <p className="text-xs font-medium text-brand-700 dark:text-brand-500">
              {t.chats.replyingTo} {replyLabel}
            </p>
            <p className="truncate text-xs text-slate-700 dark:text-slate-300">
              {previewLine(replyTo, t.chats.kinds)}
            </p>
          </div>
          <Button variant="ghost" size="sm" aria-label={t.chats.cancelReply} onClick={onCancelReply}>
            <X aria-hidden className="size-4" />
          </Button>
        </div>
      )}
      {file && (
        <div data-testid="attachment-preview" className="flex items-center gap-3 px-3 pt-2">
          {preview ? (
            // biome-ignore lint/performance/noImgElement: a local blob: preview of the file about to be sent.
            <img src={preview} alt={file.name} className="size-16 shrink-0 rounded-md object-cover" />
          ) : (
            <FileText aria-hidden className="size-10 shrink-0 text-red-700 dark:text-red-400" />
          )}
          <div className="min-w-0 flex-1">
            <p className="truncate text-sm font-medium">{file.name}</p>
            <p className="text-xs text-slate-600 dark:text-slate-400">{formatSize(file.size, locale)}</p>
            {inline && (
              <label className="mt-1 flex items-center gap-1.5 text-xs">
                <input
                  type="checkbox"
                  checked={asDocument}
                  onChange={(event) => setAsDocument(event.target.checked)}
                />
                {t.chats.asDocument}
              </label>
            )}
          </div>
          <Button variant="ghost" size="sm" aria-label={t.chats.removeFile} onClick={() => onFile(null)}>
            <X aria-hidden className="size-4" />
          </Button>
        </div>
      )}
      <div className="flex items-end gap-2 p-3">
        <input
          ref={picker}
          type="file"
          accept={SENDABLE_ACCEPT}
          className="hidden"
          data-testid="file-input"
          onChange={(event) => {
            attach(event.target.files?.[0]);
            event.target.value = '';
          }}
        />
        <Button
          variant="ghost"
          aria-label={t.chats.attach}
          title={t.chats.attach}
          onClick={() => picker.current?.click()}
        >
          <Paperclip aria-hidden className="size-4" />
        </Button>
        <Textarea
          ref={text}
          aria-label={file ? t.chats.caption : t.chats.composer}
          placeholder={file ? t.chats.caption : t.chats.composer}
          rows={1}
          maxLength={4096}
          value={body}
          onChange={(event) => setBody(event.target.value)}
          onPaste={(event) => {
            const pasted = event.clipboardData.files[0];
            if (pasted) {
              event.preventDefault();
              attach(pasted);
            }
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey) {
              event.preventDefault();
              submit();
            }
          }}
          className="max-h-40 min-h-10 resize-y"
        />
        <Button type="submit" aria-label={t.chats.send} disabled={!body.trim() && !file}>
          <SendHorizontal aria-hidden className="size-4" />
          {t.chats.send}
        </Button>
      </div>
    </form>
  );
}

/** The reason a file cannot be sent, in the reader's language; null when it may go. */
export function acceptFile(
  file: File,
  maxUploadMb: number,
  { t, format, locale }: Pick<ReturnType<typeof useI18n>, 't' | 'format' | 'locale'>,
): string | null {
  const problem = precheckFile(file, maxUploadMb * 1024 * 1024);
  if (!problem) return null;
  if (problem === 'too_large')
    return format(t.chats.fileErrors.too_large, {
      size: formatSize(file.size, locale),
      max: `${maxUploadMb} MB`,
    });
  return t.chats.fileErrors[problem];
}
