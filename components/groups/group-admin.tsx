'use client';

import { Copy, Link2, Settings2 } from 'lucide-react';
import { type ReactNode, useId, useState } from 'react';
import { api, V1 } from '../api';
import { useI18n } from '../i18n';
import { Button } from '../ui/button';
import { Input, Select, Textarea } from '../ui/input';
import { Modal } from '../ui/modal';
import { toast } from '../ui/toast';
import { useWhatsAppNumber } from '../whatsapp-number';
import { participantLabel } from './participant-label';
import { useGroupCommand } from './use-group-command';

/** Each of Administrar's tools opens in one of these: a wide modal with a ✕. */
function Sheet({ trigger, title, children }: { trigger: ReactNode; title: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <Modal wide trigger={trigger} title={title} closeLabel={t.common.close}>
      {children}
    </Modal>
  );
}

function Outcome({ state }: { state: ReturnType<typeof useGroupCommand>['state'] }) {
  const { t, format } = useI18n();
  if (state.status === 'running')
    return (
      <p role="status" className="text-sm text-slate-600">
        {t.groupAdmin.working}
      </p>
    );
  if (state.status === 'failed')
    return (
      <p role="alert" className="text-sm text-red-700 dark:text-red-400">
        {format(t.groupAdmin.failed, { error: state.error })}
      </p>
    );
  return null;
}

/** A participants change's result: each one's answer, and those WhatsApp left as they were. */
interface ParticipantsResult {
  participants?: Record<string, { status: number }>;
  notApplied?: string[];
}

/** Grupos → Administrar: the invite link, participants, name and description of one group. */
export function GroupAdmin({
  group,
}: {
  group: { id: number; name: string | null; waId: string; description: string | null; weAreAdmin: boolean };
}) {
  const { t, format } = useI18n();
  const id = useId();
  const invite = useGroupCommand();
  const change = useGroupCommand();
  const [link, setLink] = useState<string | null>(null);
  const [phone, setPhone] = useState('');
  const [action, setAction] = useState<'add' | 'remove' | 'promote' | 'demote'>('add');
  const [name, setName] = useState(group.name ?? '');
  const [description, setDescription] = useState(group.description ?? '');
  const path = `${V1}/groups/${group.id}`;

  const fetchLink = async (revoke: boolean) => {
    const result = (await invite.run(() =>
      api(`${path}/invite/`, { method: revoke ? 'DELETE' : 'POST' }),
    )) as { inviteLink?: string } | null;
    if (result?.inviteLink) {
      setLink(result.inviteLink);
      if (revoke) toast.success(t.groupAdmin.revoked);
    }
  };
  /** `typed`: the participants the change named, as typed (an `@lid` answer cannot be shown as a phone). */
  const done = async (queue: () => Promise<{ command: { id: number } }>, typed: string[] = []) => {
    const result = (await change.run(queue)) as ParticipantsResult | null;
    if (!result) return;
    // WhatsApp may leave some participants as they were while the command succeeds: name them.
    const left = result.notApplied ?? [];
    if (left.length === 0) toast.success(t.groupAdmin.done);
    else
      toast.warning(
        format(t.groupAdmin.notApplied, {
          participants: left
            .map((wid) => {
              const status = result.participants?.[wid]?.status;
              const outcomes = t.groupAdmin.outcomes as Record<string, string>;
              const who = participantLabel(wid, typed, t.groupAdmin.hiddenNumber);
              return `${who} (${outcomes[String(status)] ?? outcomes.other})`;
            })
            .join(', '),
        }),
      );
  };

  return (
    <Sheet
      title={`${t.groupAdmin.title}: ${group.name ?? group.waId}`}
      trigger={
        <Button size="sm" variant="secondary">
          <Settings2 aria-hidden className="size-3.5" />
          {t.groupAdmin.manage}
        </Button>
      }
    >
      {!group.weAreAdmin ? (
        <p
          role="status"
          className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-900/30 dark:text-amber-100"
        >
          {t.groupAdmin.notAdmin}
        </p>
      ) : (
        <div className="space-y-5">
          <section className="space-y-2">
            <h3 className="text-sm font-semibold">{t.groupAdmin.invite}</h3>
            {link && (
              <p
                data-testid="invite-link"
                className="rounded bg-slate-100 px-2 py-1 font-mono text-sm break-all dark:bg-slate-800"
              >
                {link}
              </p>
            )}
            <div className="flex flex-wrap gap-2">
              <Button
                size="sm"
                variant="secondary"
                disabled={invite.busy}
                onClick={() => void fetchLink(false)}
              >
                <Link2 aria-hidden className="size-3.5" />
                {t.groupAdmin.getLink}
              </Button>
              {link && (
                <Button
                  size="sm"
                  variant="secondary"
                  onClick={async () => {
                    await navigator.clipboard.writeText(link);
                    toast.success(t.groupAdmin.copied);
                  }}
                >
                  <Copy aria-hidden className="size-3.5" />
                  {t.groupAdmin.copy}
                </Button>
              )}
              {link && (
                <Button
                  size="sm"
                  variant="danger"
                  disabled={invite.busy}
                  onClick={() => void fetchLink(true)}
                >
                  {t.groupAdmin.revoke}
                </Button>
              )}
            </div>
            <Outcome state={invite.state} />
          </section>
          <section className="space-y-2">
            <h3 className="text-sm font-semibold">{t.groupAdmin.participants}</h3>
            <div className="flex flex-wrap items-end gap-2">
              <Input
                aria-label={t.groupAdmin.phone}
                placeholder={t.groupAdmin.phone}
                value={phone}
                onChange={(e) => setPhone(e.target.value)}
                className="max-w-48"
              />
              <Select
                aria-label={t.groupAdmin.participants}
                value={action}
                onChange={(e) => setAction(e.target.value as typeof action)}
                className="max-w-40"
              >
                {(['add', 'remove', 'promote', 'demote'] as const).map((a) => (
                  <option key={a} value={a}>
                    {t.groupAdmin.actions[a]}
                  </option>
                ))}
              </Select>
              <Button
                size="sm"
                disabled={change.busy || phone.trim().length < 3}
                onClick={() =>
                  void done(
                    () =>
                      api(`${path}/participants/`, {
                        method: 'POST',
                        json: { action, participants: [phone.trim()] },
                      }),
                    [phone.trim()],
                  )
                }
              >
                {t.groupAdmin.actions[action]}
              </Button>
            </div>
          </section>
          <section className="space-y-2">
            <label htmlFor={`${id}-name`} className="text-sm font-semibold">
              {t.groupAdmin.rename}
            </label>
            <div className="flex gap-2">
              <Input
                id={`${id}-name`}
                value={name}
                maxLength={100}
                onChange={(e) => setName(e.target.value)}
              />
              <Button
                size="sm"
                disabled={change.busy || !name.trim()}
                onClick={() =>
                  void done(() => api(`${path}/`, { method: 'PATCH', json: { name: name.trim() } }))
                }
              >
                {t.groupAdmin.saveName}
              </Button>
            </div>
          </section>
          <section className="space-y-2">
            <label htmlFor={`${id}-description`} className="text-sm font-semibold">
              {t.groupAdmin.description}
            </label>
            <Textarea
              id={`${id}-description`}
              value={description}
              maxLength={2048}
              rows={3}
              onChange={(e) => setDescription(e.target.value)}
            />
            <Button
              size="sm"
              disabled={change.busy}
              onClick={() => void done(() => api(`${path}/`, { method: 'PATCH', json: { description } }))}
            >
              {t.groupAdmin.saveDescription}
            </Button>
          </section>
          <Outcome state={change.state} />
        </div>
      )}
    </Sheet>
  );
}

/** Operadores → Crear grupo: a new WhatsApp group with the operator in it, made its default in one step. */
export function CreateOperatorGroup({
  operator,
}: {
  operator: { id: number; name: string; phone: string | null };
}) {
  const { t, format } = useI18n();
  const id = useId();
  const session = useWhatsAppNumber();
  const command = useGroupCommand();
  const [name, setName] = useState(`Reservas ${operator.name} · Tuki`.slice(0, 100));
  const [colleagues, setColleagues] = useState('');
  return (
    <Sheet
      title={format(t.groupAdmin.createTitle, { operator: operator.name })}
      trigger={
        <Button size="sm" variant="secondary">
          {t.groupAdmin.createForOperator}
        </Button>
      }
    >
      <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">{t.groupAdmin.createHint}</p>
      {!operator.phone ? (
        <p role="status" className="text-sm text-amber-800">
          {t.groupAdmin.noPhone}
        </p>
      ) : (
        <form
          className="space-y-3"
          onSubmit={async (event) => {
            event.preventDefault();
            const result = await command.run(() =>
              api(`${V1}/operators/${operator.id}/group/`, {
                method: 'POST',
                session,
                json: {
                  name: name.trim(),
                  colleagues: colleagues
                    .split('\n')
                    .map((c) => c.trim())
                    .filter(Boolean),
                },
              }),
            );
            if (result) toast.success(format(t.groupAdmin.created, { operator: operator.name }));
          }}
        >
          <div>
            <label htmlFor={`${id}-name`} className="text-sm font-medium">
              {t.groupAdmin.groupName}
            </label>
            <Input
              id={`${id}-name`}
              value={name}
              maxLength={100}
              required
              onChange={(e) => setName(e.target.value)}
            />
          </div>
          <div>
            <label htmlFor={`${id}-colleagues`} className="text-sm font-medium">
              {t.groupAdmin.colleagues}
            </label>
            <Textarea
              id={`${id}-colleagues`}
              value={colleagues}
              rows={3}
              placeholder="+56 9 1234 5678"
              onChange={(e) => setColleagues(e.target.value)}
            />
          </div>
          <Button type="submit" disabled={command.busy}>
            {t.groupAdmin.create}
          </Button>
          {command.state.status === 'done' && (
            <p role="status" className="text-sm text-emerald-700">
              {format(t.groupAdmin.created, { operator: operator.name })}
            </p>
          )}
          <Outcome state={command.state} />
        </form>
      )}
    </Sheet>
  );
}
