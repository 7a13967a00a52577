'use client';

import { Component, lazy, type ReactNode, Suspense, useEffect, useSyncExternalStore } from 'react';

/**
 * Toasts without sonner in every page's first load (about 8 KB gzip of the 180 KB budget, issue 16): sonner
 * is fetched on the page's first click or key press (a toast here always follows something the person did)
 * or by the first toast, whichever comes first. A toast raised before the code arrives is shown when it
 * does: sonner keeps every active toast and replays them to a Toaster that subscribes later.
 */
type Sonner = typeof import('sonner');
type Options = Parameters<Sonner['toast']['success']>[1];

let loading: Promise<Sonner> | undefined;
let wanted = false;
const listeners = new Set<() => void>();

function loadSonner(): Promise<Sonner> {
  // A failed download (a redeploy removed the old chunk, a network blip) is tried again by the next toast.
  loading ??= import('sonner').then(
    (sonner) => {
      remountToasterIfFailed();
      return sonner;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  if (!wanted) {
    wanted = true;
    for (const listener of listeners) listener();
  }
  return loading;
}

/** After the Toaster's code failed to load, a later successful load mounts it afresh. */
function remountToasterIfFailed() {
  if (!toasterFailed) return;
  toasterFailed = false;
  Toaster = lazyToaster();
  generation += 1;
  for (const listener of listeners) listener();
}

function show(kind: 'success' | 'error' | 'warning', message: string, options?: Options): void {
  loadSonner().then(
    (sonner) => sonner.toast[kind](message, options),
    // Without sonner there is nowhere to show it; the browser's own dialog still tells the person.
    () => {
      if (kind !== 'success') window.alert(message);
    },
  );
}

export const toast = {
  success: (message: string, options?: Options) => show('success', message, options),
  error: (message: string, options?: Options) => show('error', message, options),
  warning: (message: string, options?: Options) => show('warning', message, options),
};

// React.lazy keeps a failed download for the page's lifetime: after one, a new lazy (and a new boundary, keyed
// by `generation`) is mounted once sonner does arrive, else every later toast would go unseen until a reload.
const lazyToaster = () => lazy(() => loadSonner().then((m) => ({ default: m.Toaster })));
let Toaster = lazyToaster();
let toasterFailed = false;
let generation = 0;
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** A Toaster whose code failed to load renders nothing, instead of taking the whole dashboard down with it. */
class NothingOnError extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  componentDidCatch() {
    toasterFailed = true;
  }
  render() {
    return this.state.failed ? null : this.props.children;
  }
}

/** Where toasts appear (bottom right, with a close button); mounted once sonner is wanted. */
export function LazyToaster() {
  const mount = useSyncExternalStore(
    subscribe,
    () => wanted,
    () => false,
  );
  useEffect(() => {
    const early = () => void loadSonner();
    window.addEventListener('pointerdown', early, { once: true, capture: true });
    window.addEventListener('keydown', early, { once: true, capture: true });
    return () => {
      window.removeEventListener('pointerdown', early, { capture: true });
      window.removeEventListener('keydown', early, { capture: true });
    };
  }, []);
  const key = useSyncExternalStore(
    subscribe,
    () => generation,
    () => 0,
  );
  if (!mount) return null;
  return (
    <NothingOnError key={key}>
      <Suspense>
        <Toaster closeButton position="bottom-right" />
      </Suspense>
    </NothingOnError>
  );
}
