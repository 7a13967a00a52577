'use client';

import type { ReactNode } from 'react';
import { OnFirstUse } from '../ui/on-first-use';

/** A header popup's trigger, drawn as a plain button until the popup's code is loaded (see OnFirstUse). */
export function LazyPopup({
  label,
  haspopup,
  className,
  icon,
  preload,
  popup,
}: {
  label: string;
  haspopup: 'menu' | 'dialog';
  className: string;
  icon: ReactNode;
  preload: () => Promise<unknown>;
  popup: ReactNode;
}) {
  return (
    <OnFirstUse
      haspopup={haspopup}
      preload={preload}
      trigger={
        <button type="button" aria-label={label} className={className}>
          {icon}
        </button>
      }
    >
      {popup}
    </OnFirstUse>
  );
}
