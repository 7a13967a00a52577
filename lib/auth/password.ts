import { hash, verify } from '@node-rs/argon2';
import { getConfig } from '../config';
import { createWorkLimiter } from './work-limiter';

/** Waiting checks beyond this are refused (the sign-in answers "too many attempts") rather than queued. */
const MAX_QUEUED_HASHES = 64;

let limiter: ReturnType<typeof createWorkLimiter> | undefined;
/** Every argon2 computation of this process goes through one limiter (PASSWORD_HASH_CONCURRENCY). */
export function passwordWork() {
  limiter ??= createWorkLimiter({
    concurrency: getConfig().PASSWORD_HASH_CONCURRENCY,
    maxQueued: MAX_QUEUED_HASHES,
  });
  return limiter;
}

// argon2id with the library's defaults (19 MiB, t=2): OWASP's recommended minimum.
export function hashPassword(password: string): Promise<string> {
  return passwordWork().run(() => hash(password));
}

/** False for a wrong password or a malformed hash; throws WorkBusy when too many checks are waiting. */
export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return passwordWork().run(async () => {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  });
}
