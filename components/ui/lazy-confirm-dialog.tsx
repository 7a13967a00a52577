'use client';

import { type ComponentProps, lazy } from 'react';
import type { ConfirmDialog as Eager } from './confirm-dialog';
import { OnFirstUse } from './on-first-use';

const load = () => import('./confirm-dialog');
const Loaded = lazy(() => load().then((m) => ({ default: m.ConfirmDialog })));

/** ConfirmDialog with its Radix code loaded on first use (see OnFirstUse); same props. */
export function ConfirmDialog(props: Omit<ComponentProps<typeof Eager>, 'defaultOpen'>) {
  return (
    <OnFirstUse trigger={props.trigger} haspopup="dialog" preload={load}>
      <Loaded {...props} defaultOpen />
    </OnFirstUse>
  );
}
