import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Chromium profiles are named by the number's name (LocalAuth's clientId, `session-<name>`), and a purge frees
 * that name at once: a number created again under it must neither restore the old number's linked device from
 * the old folder nor lose its own profile to the old number's late clean-up. So every profile records the id
 * of the number that owns it, and a profile is removed by renaming it to a unique trash name first (atomic on
 * one volume: whoever reaches the name afterwards finds nothing of the old number's) and deleting that
 * asynchronously (a profile is thousands of files; other numbers' clients run on the same event loop).
 * Profiles of existing deployments have no owner file yet: the first number to run under the name adopts them.
 */
const OWNER_FILE = 'tuki-owner';
const TRASH_PREFIX = '.trash-';

/** Makes `profileDir` the profile of number `sessionId`: adopted, or fresh if another number's folder was left. */
export function claimProfile(profileDir: string, sessionId: number): void {
  const owner = readOwnerSync(profileDir);
  if (owner === sessionId) return;
  if (owner !== undefined) {
    const trash = trashPath(profileDir);
    renameSync(profileDir, trash);
    void rm(trash, { recursive: true, force: true }).catch(() => {
      // Left for the sweep of the next start (sweepProfileTrash).
    });
  }
  mkdirSync(profileDir, { recursive: true });
  writeFileSync(path.join(profileDir, OWNER_FILE), String(sessionId));
}

/** A deleted number's profile goes, unless a number created since under the same name owns the folder now. */
export async function removeProfile(profileDir: string, sessionId: number): Promise<void> {
  const owner = await readFile(path.join(profileDir, OWNER_FILE), 'utf8').then(parseOwner, () => undefined);
  if (owner !== undefined && owner !== sessionId) return;
  const trash = trashPath(profileDir);
  try {
    await rename(profileDir, trash);
  } catch (error) {
    // Signed out, whatsapp-web.js removed it already.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  await rm(trash, { recursive: true, force: true });
}

/** Trash a removal did not finish (the process died meanwhile). */
export async function sweepProfileTrash(dataPath: string): Promise<void> {
  const names = await readdir(dataPath).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((name) => name.startsWith(TRASH_PREFIX))
      .map((name) => rm(path.join(dataPath, name), { recursive: true, force: true })),
  );
}

function readOwnerSync(profileDir: string): number | undefined {
  try {
    return parseOwner(readFileSync(path.join(profileDir, OWNER_FILE), 'utf8'));
  } catch {
    return undefined;
  }
}

function parseOwner(text: string): number | undefined {
  const id = Number(text.trim());
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

function trashPath(profileDir: string): string {
  return path.join(
    path.dirname(profileDir),
    `${TRASH_PREFIX}${path.basename(profileDir)}-${randomBytes(6).toString('hex')}`,
  );
}
