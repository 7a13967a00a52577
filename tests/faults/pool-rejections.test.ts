import { describe, expect, it } from 'vitest';
import { freePort, waitFor } from '../support/processes';
import type { FakeClient } from '../support/stack';
import { faultScenario, linkFakePhone } from './support/faults';

const METRICS_TOKEN = 'pool-rejections-metrics-token-0123456789';

/**
 * One real worker process running two numbers. Puppeteer leaves unhandled rejections behind a page that went
 * away ("Execution context was destroyed", then "Target closed" once the client is destroyed): the number
 * whose client raised them restarts, once, and the other number's client is left alone.
 */
describe('an unhandled rejection in a pool of two numbers', () => {
  const scenario = faultScenario('tuki-fault-pool-rejections-');

  it('restarts only the client it came from, and ignores the one its dead page leaves behind', async () => {
    const { t } = scenario;
    await t.sql`insert into whatsapp_sessions (name) values ('uno'), ('dos')`;
    const metricsPort = await freePort();
    const worker = await scenario.startWorker({
      WORKER_MAX_SESSIONS: '2',
      WORKER_METRICS_PORT: String(metricsPort),
      METRICS_TOKEN,
    });
    const clients = async (phone: FakeClient) => (await phone.state()).clients;
    const failures = async (operation: string) => {
      const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`, {
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      });
      const line = (await res.text())
        .split('\n')
        .find((l) => l.startsWith(`tuki_worker_failures_total{operation="${operation}",`));
      return line ? Number(line.split(' ')[1]) : 0;
    };
    const ready = (name: string) =>
      waitFor(
        `${name} ready`,
        async () =>
          (await t.sql`select 1 from whatsapp_sessions where name = ${name} and status = 'ready'`).length
            ? true
            : undefined,
        30_000,
      );
    const link = async (name: string) => {
      const phone = await linkFakePhone(worker.fakeFor(name), name);
      await ready(name);
      return phone;
    };
    const uno = await link('uno');
    const dos = await link('dos');
    expect(await clients(uno)).toBe(1);
    expect(await clients(dos)).toBe(1);

    await uno.misbehave({ strayRejection: 1 });
    // Down until its new client is up: the row says so instead of the `ready` it had (the backoff is 1 s).
    await waitFor(
      'uno shown disconnected',
      async () =>
        (
          await t.sql`select 1 from whatsapp_sessions where name = 'uno' and status = 'disconnected'
            and last_error like '%unhandled rejection%'`
        ).length
          ? true
          : undefined,
      30_000,
    );
    await waitFor(
      'a new client for uno',
      async () => ((await clients(uno)) === 2 ? true : undefined),
      30_000,
    );
    await ready('uno');
    // The old page's "Target closed" arrives after its client was destroyed: counted, nothing restarted.
    await waitFor(
      'the dead page’s rejection',
      async () => ((await failures('stray_rejection')) >= 1 ? true : undefined),
      30_000,
    );
    expect(await failures('unhandled_rejection')).toBe(1);
    expect(await clients(uno)).toBe(2);
    expect(await clients(dos)).toBe(1);
    expect((await dos.state()).connected).toBe(true);
    expect((await uno.state()).connected).toBe(true);
  });
});
