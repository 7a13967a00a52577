import type { Tx } from '../db';
import { type AuthChange, publish } from '../events/notify';

type Forget = (change: Omit<AuthChange, 'type'>) => void;
// On globalThis like the pool (lib/db): Next may load this module more than once in one process.
const holder = globalThis as unknown as { __tukiAuthForget?: Set<Forget> };
holder.__tukiAuthForget ??= new Set<Forget>();
const local = holder.__tukiAuthForget;

/** The process's own auth cache registers here (lib/auth/auth-cache.ts). */
export function onLocalAuthChange(forget: Forget): () => void {
  local.add(forget);
  return () => {
    local.delete(forget);
  };
}

/**
 * Every verb that takes access away (a key revoked, a user demoted or disabled) calls this inside its
 * transaction. The NOTIFY reaches every process's cache on commit; this process's cache also forgets at once,
 * so the caller's very next request never races the notification.
 */
export async function announceAuthChange(tx: Tx, change: Omit<AuthChange, 'type'>): Promise<void> {
  await publish(tx, { type: 'auth_changed', ...change });
  for (const forget of local) forget(change);
}
