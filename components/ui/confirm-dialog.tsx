'use client';

import * as Dialog from '@radix-ui/react-dialog';
import { type ReactNode, useState } from 'react';
import { Button } from './button';
import { ModalBox } from './dialog';

/** Destructive actions (sign WhatsApp out, restart, revoke) ask first. */
export function ConfirmDialog({
  trigger,
  title,
  description,
  confirmLabel,
  cancelLabel,
  danger = true,
  onConfirm,
  defaultOpen = false,
}: {
  defaultOpen?: boolean;
  trigger: ReactNode;
  title: string;
  description: string;
  confirmLabel: string;
  cancelLabel: string;
  danger?: boolean;
  onConfirm: () => Promise<unknown> | unknown;
}) {
  const [open, setOpen] = useState(defaultOpen);
  const [busy, setBusy] = useState(false);
  return (
    <ModalBox open={open} onOpenChange={setOpen} trigger={trigger} title={title} description={description}>
      <div className="mt-6 flex flex-wrap justify-end gap-2">
        <Dialog.Close asChild>
          <Button variant="secondary">{cancelLabel}</Button>
        </Dialog.Close>
        <Button
          variant={danger ? 'danger' : 'primary'}
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            try {
              await onConfirm();
              setOpen(false);
            } finally {
              setBusy(false);
            }
          }}
        >
          {confirmLabel}
        </Button>
      </div>
    </ModalBox>
  );
}
