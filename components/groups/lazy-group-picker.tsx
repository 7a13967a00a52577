'use client';

import { type ComponentProps, lazy } from 'react';
import { OnFirstUse } from '../ui/on-first-use';
import type { GroupPicker as Eager } from './group-picker';
import { PickerTrigger } from './picker-trigger';

const load = () => import('./group-picker');
const Loaded = lazy(() => load().then((m) => ({ default: m.GroupPicker })));

/** GroupPicker with its popover and command palette loaded on first use (see OnFirstUse); same props. */
export function GroupPicker(props: Omit<ComponentProps<typeof Eager>, 'defaultOpen'>) {
  return (
    <OnFirstUse
      trigger={props.trigger ?? <PickerTrigger label={props.label} />}
      haspopup="dialog"
      preload={load}
    >
      <Loaded {...props} defaultOpen />
    </OnFirstUse>
  );
}
