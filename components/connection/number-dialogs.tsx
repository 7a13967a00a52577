'use client';

import { useMutation } from '@tanstack/react-query';
import { Pencil, Plus, Trash2 } from 'lucide-react';
import { type ComponentProps, type FormEvent, type ReactNode, useId, useState } from 'react';
import type { SessionStatusView } from '@/lib/api/schemas/responses';
import { api, V1 } from '../api';
import { useI18n } from '../i18n';
import { Button } from '../ui/button';
import { Input } from '../ui/input';
import { Modal } from '../ui/modal';
import { toast } from '../ui/toast';

/** A labelled text input with an optional hint below it: the number's name and its label. */
function Field({
  label,
  hint,
  onValue,
  ...input
}: Omit<ComponentProps<typeof Input>, 'id' | 'className' | 'onChange'> & {
  label: string;
  hint?: string;
  onValue: (value: string) => void;
}) {
  const id = useId();
  return (
    <div className="text-sm">
      <label htmlFor={id} className="font-medium">
        {label}
      </label>
      <Input id={id} className="mt-1" onChange={(e) => onValue(e.target.value)} {...input} />
      {hint && <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">{hint}</p>}
    </div>
  );
}

/** The number's label, as both the add and the rename dialog ask for it. */
function LabelField(props: { value: string; onValue: (value: string) => void; placeholder?: string }) {
  const { t } = useI18n();
  return <Field label={t.numbers.label} maxLength={80} {...props} />;
}

/** Cancel and the dialog's own action, at the foot of a number's dialog. */
function DialogActions({
  children,
  className = '',
  onCancel,
}: {
  children: ReactNode;
  className?: string;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  return (
    <div className={`flex flex-wrap justify-end gap-2 ${className}`}>
      <Button type="button" variant="secondary" onClick={onCancel}>
        {t.connection.cancel}
      </Button>
      {children}
    </div>
  );
}

/**
 * A number dialog's request: on success it says so (when there is something to say), closes the dialog and
 * lets the list refresh; a failure is a toast and the dialog stays open with what was typed.
 */
function useDialogRequest(request: () => Promise<unknown>, after: () => unknown, success?: string) {
  const { errorText } = useI18n();
  const [open, setOpen] = useState(false);
  const action = useMutation({
    mutationFn: request,
    onSuccess: async () => {
      if (success) toast.success(success);
      setOpen(false);
      await after();
    },
    onError: (e) => toast.error(errorText(e)),
  });
  return { open, setOpen, action };
}

export function AddNumber({ onAdded }: { onAdded: (name: string) => Promise<unknown> }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [label, setLabel] = useState('');
  const { open, setOpen, action } = useDialogRequest(
    () =>
      api(`${V1}/sessions/`, {
        method: 'POST',
        json: { name: name.trim(), ...(label.trim() ? { label: label.trim() } : {}) },
      }),
    async () => {
      await onAdded(name.trim());
      setName('');
      setLabel('');
    },
    t.numbers.created,
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    action.mutate();
  };
  return (
    <Modal
      open={open}
      onOpenChange={setOpen}
      title={t.numbers.addTitle}
      trigger={
        <Button size="sm">
          <Plus aria-hidden className="size-4" /> {t.numbers.add}
        </Button>
      }
    >
      <form className="mt-4 space-y-4" onSubmit={submit}>
        <Field
          label={t.numbers.name}
          hint={t.numbers.nameHint}
          value={name}
          onValue={setName}
          pattern="[-_A-Za-z0-9]{1,64}"
          required
          autoComplete="off"
          placeholder="ventas-sur"
        />
        <LabelField value={label} onValue={setLabel} placeholder={t.numbers.labelPlaceholder} />
        <DialogActions onCancel={() => setOpen(false)}>
          <Button type="submit" disabled={action.isPending}>
            {t.numbers.create}
          </Button>
        </DialogActions>
      </form>
    </Modal>
  );
}

export function RenameNumber({ number: n, onDone }: { number: SessionStatusView; onDone: () => void }) {
  const { t } = useI18n();
  const [label, setLabel] = useState(n.label ?? '');
  const { open, setOpen, action } = useDialogRequest(
    () =>
      api(`${V1}/sessions/${encodeURIComponent(n.session)}/`, {
        method: 'PATCH',
        json: { label: label.trim() || null },
      }),
    onDone,
  );
  return (
    <Modal
      open={open}
      onOpenChange={setOpen}
      title={t.numbers.renameTitle}
      trigger={
        <Button size="sm" variant="secondary">
          <Pencil aria-hidden className="size-4" /> {t.numbers.rename}
        </Button>
      }
    >
      <form
        className="mt-4 space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          action.mutate();
        }}
      >
        <LabelField value={label} onValue={setLabel} />
        <DialogActions onCancel={() => setOpen(false)}>
          <Button type="submit" disabled={action.isPending}>
            {t.numbers.save}
          </Button>
        </DialogActions>
      </form>
    </Modal>
  );
}

export function DeleteNumber({ number: n, onDone }: { number: SessionStatusView; onDone: () => void }) {
  const { t, format } = useI18n();
  const [messages, setMessages] = useState<'keep' | 'purge'>('keep');
  const { open, setOpen, action } = useDialogRequest(
    () => api(`${V1}/sessions/${encodeURIComponent(n.session)}/`, { method: 'DELETE', json: { messages } }),
    onDone,
    t.numbers.removed,
  );
  return (
    <Modal
      open={open}
      onOpenChange={setOpen}
      title={format(t.numbers.removeTitle, { name: n.label ?? n.session })}
      trigger={
        <Button size="sm" variant="secondary">
          <Trash2 aria-hidden className="size-4" /> {t.numbers.remove}
        </Button>
      }
    >
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{t.numbers.removeBody}</p>
      <fieldset className="mt-4 space-y-2 text-sm">
        {(['keep', 'purge'] as const).map((choice) => (
          <label key={choice} className="flex items-start gap-2">
            <input
              type="radio"
              name={`messages-${n.session}`}
              className="mt-1"
              checked={messages === choice}
              onChange={() => setMessages(choice)}
            />
            <span>{t.numbers[choice]}</span>
          </label>
        ))}
      </fieldset>
      <DialogActions className="mt-6" onCancel={() => setOpen(false)}>
        <Button variant="danger" disabled={action.isPending} onClick={() => action.mutate()}>
          {t.numbers.removeConfirm}
        </Button>
      </DialogActions>
    </Modal>
  );
}
