import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Each number's Chromium profile is named by the number's id (LocalAuth's clientId `number-<id>`, the folder
 * `session-number-<id>`), never by its name: a purge frees the name at once, and a number created again under
 * it while the old one is still signing out must neither restore the old linked device nor share a folder with
 * the old browser, whose sign-out deletes its folder by path (LocalAuth.logout). Profiles of deployments from
 * before were named by the name (`session-<name>`, with a `tuki-owner` file saying which number's they are):
 * their number adopts them on its next start (a rename on the same volume: the linked device is kept).
 */
const OWNER_FILE = 'tuki-owner';
const TRASH_PREFIX = '.trash-';

/** LocalAuth's clientId for a number (letters, digits, `-` and `_` only, as LocalAuth requires). */
export const profileClientId = (sessionId: number) => `number-${sessionId}`;

/** The folders a number's profile may be in: its own, and the one named by its name in older deployments. */
export function profilePaths(dataPath: string, session: { id: number; name: string }) {
  return {
    dir: path.join(dataPath, `session-${profileClientId(session.id)}`),
    legacy: path.join(dataPath, `session-${session.name}`),
  };
}

/**
 * Makes sure the number's folder exists, adopting the folder its name had before the upgrade when that one is
 * this number's: its owner file says so, or it has none (written before owners were recorded). A folder of
 * another number under the same name is left to that number's own clean-up.
 */
export function claimProfile(dataPath: string, session: { id: number; name: string }): string {
  const { dir, legacy } = profilePaths(dataPath, session);
  if (!existsSync(dir) && existsSync(legacy)) {
    const owner = readOwnerSync(legacy);
    if (owner === undefined || owner === session.id) renameSync(legacy, dir);
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, OWNER_FILE), String(session.id));
  return dir;
}

/**
 * A deleted number's profile goes: its own folder, and a folder under its name from before the upgrade that
 * is still its own. Renamed to a unique trash name first (atomic on one volume), then deleted.
 */
export async function removeProfile(dataPath: string, session: { id: number; name: string }): Promise<void> {
  const { dir, legacy } = profilePaths(dataPath, session);
  const legacyOwner = await readFile(path.join(legacy, OWNER_FILE), 'utf8').then(parseOwner, () => undefined);
  await trash(dir);
  if (legacyOwner === session.id) await trash(legacy);
}

async function trash(dir: string): Promise<void> {
  const trashed = path.join(
    path.dirname(dir),
    `${TRASH_PREFIX}${path.basename(dir)}-${randomBytes(6).toString('hex')}`,
  );
  try {
    await rename(dir, trashed);
  } catch (error) {
    // Signed out, whatsapp-web.js removed it already.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  await rm(trashed, { recursive: true, force: true });
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
