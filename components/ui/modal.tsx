'use client';

import { lazy } from 'react';
import type { ModalProps } from './dialog';
import { OnFirstUse } from './on-first-use';

const load = () => import('./dialog');
const ModalBox = lazy(() => load().then((m) => ({ default: m.ModalBox })));

/**
 * A centred modal dialog (ModalBox in dialog.tsx) whose Radix code is loaded on first use (see OnFirstUse):
 * a page with a few dialogs behind buttons does not carry their focus trap and portal in its first load.
 * Same props as ModalBox; a controlled dialog opens when its owner sets `open` or its trigger is clicked.
 */
export function Modal(props: ModalProps) {
  const controlled = props.open !== undefined;
  return (
    <OnFirstUse
      trigger={props.trigger}
      haspopup="dialog"
      preload={load}
      active={props.open === true || props.defaultOpen === true}
      onUse={() => props.onOpenChange?.(true)}
    >
      {/* Uncontrolled, it is first rendered by the click that opens it. */}
      <ModalBox {...props} defaultOpen={controlled ? props.defaultOpen : true} />
    </OnFirstUse>
  );
}
