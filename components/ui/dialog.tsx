'use client';

import * as Dialog from '@radix-ui/react-dialog';
import { X } from 'lucide-react';
import type { ReactNode } from 'react';
import { cn } from './cn';

/** The chat header's square icon buttons (details, export): 44 px on touch and phones, 36 px on a desktop. */
export const HEADER_ICON_BUTTON =
  'flex size-11 shrink-0 items-center justify-center rounded-md hover:bg-slate-100 md:size-9 touch:min-h-11 touch:min-w-11 dark:hover:bg-slate-800';

/** The ✕ in a dialog's or a sheet's title bar; `large` in the navigation drawer, a thumb's reach. */
export function CloseButton({ label, large = false }: { label: string; large?: boolean }) {
  return (
    <Dialog.Close
      aria-label={label}
      className={
        large
          ? 'flex size-11 items-center justify-center rounded-md text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800'
          : 'rounded p-2 hover:bg-slate-100 dark:hover:bg-slate-800'
      }
    >
      <X aria-hidden className={large ? 'size-5' : 'size-4'} />
    </Dialog.Close>
  );
}

/** What Modal takes (components/ui/modal.tsx, which loads this file on first use). */
export interface ModalProps {
  trigger: ReactNode;
  title: string;
  description?: string;
  closeLabel?: string;
  wide?: boolean;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  defaultOpen?: boolean;
  children: ReactNode;
}

/**
 * A centred modal dialog: the overlay, the box that fits short screens and scrolls, its title, and (with
 * `closeLabel`) a ✕ beside the title. `wide` is for forms with more than a field or two. With a
 * `description` the dialog is described by it; without one it says so to Radix.
 */
export function ModalBox({
  trigger,
  title,
  description,
  closeLabel,
  wide = false,
  open,
  onOpenChange,
  defaultOpen,
  children,
}: ModalProps) {
  const heading = <Dialog.Title className="text-lg font-semibold">{title}</Dialog.Title>;
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange} defaultOpen={defaultOpen}>
      <Dialog.Trigger asChild>{trigger}</Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-950/50" />
        <Dialog.Content
          {...(description === undefined ? { 'aria-describedby': undefined } : {})}
          className={cn(
            'fixed top-1/2 left-1/2 z-50 max-h-[calc(100dvh-2rem)] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-xl bg-white shadow-xl dark:bg-slate-900',
            wide ? 'w-[min(94vw,32rem)] p-5' : 'w-[min(92vw,28rem)] p-6',
          )}
        >
          {closeLabel ? (
            <div className="mb-3 flex items-center justify-between gap-2">
              {heading}
              <CloseButton label={closeLabel} />
            </div>
          ) : (
            heading
          )}
          {description !== undefined && (
            <Dialog.Description className="mt-2 text-sm text-slate-600 dark:text-slate-400">
              {description}
            </Dialog.Description>
          )}
          {children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
