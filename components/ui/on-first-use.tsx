'use client';

import {
  cloneElement,
  type FocusEvent,
  isValidElement,
  type MouseEvent,
  type ReactElement,
  type ReactNode,
  Suspense,
  useState,
} from 'react';

type TriggerProps = {
  onClick?: (event: MouseEvent<HTMLElement>) => void;
  onPointerEnter?: (event: React.PointerEvent<HTMLElement>) => void;
  onFocus?: (event: FocusEvent<HTMLElement>) => void;
};

/**
 * A dialog, menu or picker whose code (Radix, its focus trap, scroll lock, positioning, a command palette) is
 * fetched only when someone reaches for it, so it is not part of every page's first load. Until then its
 * trigger is shown as it is; the first click renders `children` (a React.lazy component told to open at once).
 * Pointing at or focusing the trigger starts the download early. `active` renders `children` without a click
 * (a controlled dialog its owner opened); `onUse` hears the first click (a controlled dialog's onOpenChange).
 */
export function OnFirstUse({
  trigger,
  haspopup,
  preload,
  active = false,
  onUse,
  children,
}: {
  trigger: ReactNode;
  haspopup: 'dialog' | 'menu';
  preload: () => Promise<unknown>;
  active?: boolean;
  onUse?: () => void;
  children: ReactNode;
}) {
  const [used, setUsed] = useState(active);
  // Derived state, set while rendering (React re-renders at once): once shown, children stay mounted.
  if (active && !used) setUsed(true);
  if (!isValidElement<TriggerProps>(trigger)) return <Suspense>{children}</Suspense>;
  const own = trigger.props;
  const standIn = cloneElement(trigger as ReactElement<TriggerProps & Record<string, unknown>>, {
    'aria-haspopup': haspopup,
    'aria-expanded': false,
    onPointerEnter: (event: React.PointerEvent<HTMLElement>) => {
      own.onPointerEnter?.(event);
      void preload();
    },
    onFocus: (event: FocusEvent<HTMLElement>) => {
      own.onFocus?.(event);
      void preload();
    },
    onClick: (event: MouseEvent<HTMLElement>) => {
      own.onClick?.(event);
      setUsed(true);
      onUse?.();
    },
  });
  if (!used) return standIn;
  return <Suspense fallback={standIn}>{children}</Suspense>;
}
