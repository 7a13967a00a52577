import { rmSync } from 'node:fs';
import path from 'node:path';

/** Chromium's profile lock files: a symlink to "host-pid", a socket and a cookie. */
const LOCKS = ['SingletonLock', 'SingletonSocket', 'SingletonCookie'];

/**
 * A Chromium that crashed, or ran on another host with the same volume, leaves its profile lock behind, and the
 * next launch refuses ("The profile appears to be in use by another Chromium process on another computer").
 * Called only once this worker holds the session's lease: then no other client can be using the profile, and
 * clearing earlier could pull the lock from under a live browser. `rmSync` with force also removes dangling
 * symlinks, which `existsSync` would not even see.
 */
export function clearProfileLocks(profileDir: string): string[] {
  const cleared: string[] = [];
  for (const name of LOCKS) {
    const file = path.join(profileDir, name);
    try {
      rmSync(file, { force: true });
      cleared.push(name);
    } catch {
      // Not removable (permissions): Chromium's own error will say so at launch.
    }
  }
  return cleared;
}
