'use client';

import { type ReactNode, Suspense, useState } from 'react';

/**
 * A header popup (the phone drawer, the account menu) whose code — Radix, its focus trap, scroll lock and
 * positioning, a third of the shell's JavaScript — is fetched only when someone reaches for it. Until then the
 * trigger is a plain button that looks the same; the first click renders `popup` (a React.lazy component
 * told to open at once). Pointing at or focusing the button starts the download early.
 */
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
  const [wanted, setWanted] = useState(false);
  const button = (
    <button
      type="button"
      aria-label={label}
      aria-haspopup={haspopup}
      aria-expanded={wanted}
      className={className}
      onPointerEnter={() => void preload()}
      onFocus={() => void preload()}
      onClick={() => setWanted(true)}
    >
      {icon}
    </button>
  );
  if (!wanted) return button;
  return <Suspense fallback={button}>{popup}</Suspense>;
}
