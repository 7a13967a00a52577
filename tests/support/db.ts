import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import { closeProcessAuthCache } from '../../lib/auth/auth-cache';
import { createDb, type DbHandle } from '../../lib/db';
import { databaseUrl } from './urls';

export interface TestDb extends DbHandle {
  url: string;
  name: string;
  drop: () => Promise<void>;
}

function parentPid(): string {
  // The global setup runs in the main vitest process; workers are its children.
  return String(process.ppid);
}

/** A fresh database for one test file: migrated (a clone of the template), empty, private. */
export async function createTestDb(options: { migrated?: boolean } = { migrated: true }): Promise<TestDb> {
  const adminUrl = inject('adminUrl');
  const name = `tuki_t_${parentPid()}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const template = options.migrated === false ? 'template0' : inject('templateDb');
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.unsafe(`create database ${name} template ${template}`);
        break;
      } catch (error) {
        // Two files cloning the template at the same instant can collide ("being accessed by other users").
        if (attempt >= 20) throw error;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  const url = databaseUrl(adminUrl, name);
  const handle = createDb(url, { max: 5 });
  return {
    ...handle,
    url,
    name,
    drop: async () => {
      // The routes' auth cache LISTENs on this database and would keep reconnecting to it once dropped.
      await closeProcessAuthCache();
      await handle.close();
      const dropper = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}
