'use client';

import type { ReactNode } from 'react';
import { Button } from './button';
import { ConfirmDialog } from './lazy-confirm-dialog';

/**
 * The common case: a small secondary button (icon optional) that asks first; the dialog's confirm button
 * repeats the button's label.
 */
export function ConfirmButton({
  label,
  icon,
  ...dialog
}: {
  label: string;
  icon?: ReactNode;
  title: string;
  description: string;
  cancelLabel: string;
  danger?: boolean;
  onConfirm: () => Promise<unknown> | unknown;
}) {
  return (
    <ConfirmDialog
      {...dialog}
      confirmLabel={label}
      trigger={
        <Button size="sm" variant="secondary">
          {icon}
          {label}
        </Button>
      }
    />
  );
}
