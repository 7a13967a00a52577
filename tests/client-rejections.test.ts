import { AsyncResource } from 'node:async_hooks';
import postgres from 'postgres';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createLogger } from '../lib/log';
import { handleUnhandledRejection, outsideClients, runAsClient } from '../worker/client-rejections';

/**
 * A worker runs several numbers' clients in one process and tells whose a stray rejection is by the async
 * context it was born in. Our handling of a client's events runs in none: what it opens (here a real
 * postgres.js socket, as an ingest flush opens one of the shared pool) belongs to no client, so a rejection
 * born in it later restarts nobody, while the library's own work still answers to its client.
 */
describe('rejections and the async context of client events', () => {
  const log = createLogger('test', 'silent');
  const blamed: string[] = [];
  /** What the process-wide handler does with a rejection born right here. */
  const probe = (what: string) => handleUnhandledRejection(log, new Error(what));
  let inNotice: ((what: string) => void) | undefined;
  const sql = postgres(inject('adminUrl'), { max: 1, onnotice: () => inNotice?.('notice') });
  afterAll(() => sql.end());

  it('blames the client for its page’s rejections, and no client for a socket our listener opened', async () => {
    const owner = { onRejection: (reason: unknown) => blamed.push((reason as Error).message) };
    // The library's page, made during start() in the client's context, emits every event from it.
    const started = runAsClient(owner, () => {
      const page = new AsyncResource('Page');
      const listener = outsideClients(async () => {
        await sql`select 1`;
      });
      return { page, emit: () => page.runInAsyncScope(() => listener()) };
    });
    await started.emit();
    started.page.runInAsyncScope(() => probe('page'));

    // Later, outside every client: the shared socket delivers a notice, in the context it was opened in.
    let heard: () => void = () => {};
    const noticed = new Promise<void>((resolve) => {
      heard = resolve;
    });
    inNotice = (what) => {
      probe(what);
      heard();
    };
    await sql`do $$ begin raise notice 'hello'; end $$`;
    await noticed;

    expect(blamed).toEqual(['page']);
  });
});
