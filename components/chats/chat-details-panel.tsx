'use client';

import * as Dialog from '@radix-ui/react-dialog';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Info } from 'lucide-react';
import Link from 'next/link';
import type { ReactNode } from 'react';
import type { ChatDetails } from '@/lib/api/schemas/details';
import { api, V1 } from '../api';
import { useI18n } from '../i18n';
import { keys } from '../query-keys';
import { STATUS_TONE } from '../requests/status-tone';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { CloseButton, HEADER_ICON_BUTTON } from '../ui/dialog';
import { useWhatsAppNumber } from '../whatsapp-number';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[8rem_1fr] gap-2 py-1 text-sm">
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words">{children ?? '—'}</dd>
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="border-t border-slate-200 py-3 dark:border-slate-800">
      <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">{title}</h3>
      {children}
    </section>
  );
}

/** The open chat's side panel: who the person is or who is in the group, and what the chat is used for. */
export function ChatDetailsPanel({ chatId, canWrite }: { chatId: number; canWrite: boolean }) {
  const { t, format } = useI18n();
  const session = useWhatsAppNumber();
  const client = useQueryClient();
  const details = useQuery({
    queryKey: [...keys.chats.detail(session, chatId), 'details'],
    queryFn: () => api<ChatDetails>(`${V1}/chats/${chatId}/details/`),
  });
  const mark = useMutation({
    mutationFn: (read: boolean) => api(`${V1}/chats/${chatId}/read/`, { method: 'POST', json: { read } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.chats.of(session) }),
  });
  const data = details.data;
  const person = data?.person;
  const group = data?.group;

  return (
    <Dialog.Root>
      <Dialog.Trigger aria-label={t.details.open} title={t.details.open} className={HEADER_ICON_BUTTON}>
        <Info aria-hidden className="size-4" />
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-950/30" />
        <Dialog.Content
          aria-describedby={undefined}
          data-testid="chat-details"
          className="fixed top-0 right-0 z-50 flex h-dvh w-[min(100vw,26rem)] flex-col bg-white shadow-xl dark:bg-slate-900"
        >
          <div className="flex items-center justify-between border-b border-slate-200 px-4 py-3 dark:border-slate-800">
            <Dialog.Title className="font-semibold">{t.details.title}</Dialog.Title>
            <CloseButton label={t.common.close} />
          </div>
          <div className="min-h-0 flex-1 overflow-y-auto px-4 pb-4">
            {details.isPending && <p className="py-3 text-sm text-slate-600">{t.common.loading}</p>}
            {details.isError && <p className="py-3 text-sm text-red-700">{t.common.error}</p>}
            {data && (
              <p className="py-3 text-lg font-semibold">
                {data.chat.name ?? person?.phone ?? data.chat.waId}
              </p>
            )}
            {person && (
              <>
                <dl className="pb-3">
                  <Row label={t.details.name}>{person.name}</Row>
                  <Row label={t.details.pushName}>{person.pushName}</Row>
                  <Row label={t.details.phone}>{person.phone}</Row>
                  <Row label={t.details.lid}>{person.lid}</Row>
                  <Row label={t.details.wid}>{person.wid}</Row>
                </dl>
                <Section title={t.details.requests}>
                  {person.requests.length === 0 ? (
                    <p className="text-sm text-slate-600 dark:text-slate-400">{t.details.noRequests}</p>
                  ) : (
                    <ul className="space-y-1">
                      {person.requests.map((r) => (
                        <li key={r.id} className="flex flex-wrap items-center gap-2 text-sm">
                          <Link href={`/requests?id=${r.id}`} className="font-mono font-semibold underline">
                            {r.code}
                          </Link>
                          <Badge tone={STATUS_TONE[r.status]}>{t.requests.statuses[r.status]}</Badge>
                          <span className="text-slate-600 dark:text-slate-400">{r.experience}</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </Section>
                <Section title={t.details.sharedGroups}>
                  {person.sharedGroups.length === 0 ? (
                    <p className="text-sm text-slate-600 dark:text-slate-400">{t.details.noSharedGroups}</p>
                  ) : (
                    <ul className="space-y-1 text-sm">
                      {person.sharedGroups.map((g) => (
                        <li key={g.id}>
                          <Link href={`/chats?chat=${g.id}`} className="underline">
                            {g.name ?? g.waId}
                          </Link>
                        </li>
                      ))}
                    </ul>
                  )}
                </Section>
              </>
            )}
            {group && (
              <>
                {group.warnings.map((w) => (
                  <p
                    key={w.code}
                    role="status"
                    className="mb-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-900/30 dark:text-amber-100"
                  >
                    {t.details.warnings[w.code as keyof typeof t.details.warnings] ?? w.message}
                  </p>
                ))}
                <dl className="pb-3">
                  <Row label={t.details.ourRole}>{t.details.roles[group.ourRole]}</Row>
                  <Row label={t.details.description}>
                    <span className="whitespace-pre-wrap">
                      {group.description || t.details.noDescription}
                    </span>
                  </Row>
                </dl>
                <Section title={t.details.notifies}>
                  {group.experiences.length === 0 && group.operators.length === 0 ? (
                    <p className="text-sm text-slate-600 dark:text-slate-400">{t.details.notifiesNothing}</p>
                  ) : (
                    <ul className="space-y-1 text-sm">
                      {group.operators.map((o) => (
                        <li key={`o${o.id}`}>{format(t.details.operatorDefault, { name: o.name })}</li>
                      ))}
                      {group.experiences.map((e) => (
                        <li key={`e${e.id}`}>{e.title}</li>
                      ))}
                    </ul>
                  )}
                </Section>
                <Section title={`${t.details.participants} (${group.participants.length})`}>
                  <ul data-testid="group-participants" className="space-y-1">
                    {group.participants.map((p) => (
                      <li
                        key={p.wid}
                        data-testid="participant"
                        className="flex flex-wrap items-center gap-2 text-sm"
                      >
                        <span>{p.name ?? p.phone ?? p.wid}</span>
                        {p.name && p.phone && <span className="text-xs text-slate-500">{p.phone}</span>}
                        {p.isSuperAdmin ? (
                          <Badge tone="violet">{t.details.superadmin}</Badge>
                        ) : (
                          p.isAdmin && <Badge tone="blue">{t.details.admin}</Badge>
                        )}
                        {p.isMe && <Badge tone="green">{t.details.me}</Badge>}
                      </li>
                    ))}
                  </ul>
                </Section>
              </>
            )}
          </div>
          {canWrite && data && (
            <div className="flex flex-wrap gap-2 border-t border-slate-200 px-4 py-3 dark:border-slate-800">
              <Button variant="secondary" disabled={mark.isPending} onClick={() => mark.mutate(true)}>
                {t.details.markRead}
              </Button>
              <Button variant="secondary" disabled={mark.isPending} onClick={() => mark.mutate(false)}>
                {t.details.markUnread}
              </Button>
            </div>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
