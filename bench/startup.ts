/**
 * `npm run bench:startup [-- --runs 3]`: how long `npm start` takes, on a built tree, from the launcher's
 * spawn (`node --import tsx scripts/start.ts`, what `npm start` runs, minus npm itself) to `GET /api/health` answering 200 (database up and migrated, web serving, worker heartbeat fresh).
 * Embedded PostgreSQL and the fake driver, in a fresh data dir: the first start also creates the database
 * cluster and the first superadmin; the runs after it are restarts of that same data dir, the usual case.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { ensureBuild } from '../scripts/lib/build';
import { ensureBundles } from '../scripts/lib/bundle';
import { exited, freePort, startLauncher } from '../tests/support/processes';
import { intArg, parseArgs } from './lib/args';
import { fmt, percentile, printTable } from './lib/stats';
import { writeResult } from './support';

const args = parseArgs(z.object({ runs: intArg(1, 20, 3) }), 'npm run bench:startup -- [--runs N]');

// "On a built tree": whatever the launcher would build is built first, outside the measurement.
const root = process.cwd();
ensureBuild(root, (line) => console.log(line));
await ensureBundles(root, (line) => console.log(line));

const dataDir = mkdtempSync(path.join(tmpdir(), 'tuki-bench-startup-'));

async function boot(): Promise<number> {
  const [port, pgPort, fakePort] = await Promise.all([freePort(), freePort(), freePort()]);
  const started = performance.now();
  const launcher = startLauncher({
    DATA_DIR: dataDir,
    PORT: String(port),
    EMBEDDED_PG_PORT: String(pgPort),
    WA_DRIVER: 'fake',
    FAKE_WA_PORT: String(fakePort),
    ADMIN_EMAIL: 'bench@tuki.test',
    ADMIN_PASSWORD: 'bench-password-123',
    LOG_LEVEL: 'warn',
  });
  try {
    // Polled every 20 ms (the shared waitFor's 250 ms would be the resolution of the figure).
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (launcher.child.exitCode !== null) throw new Error(`launcher exited:\n${launcher.output()}`);
      const res = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => undefined);
      if (res?.status === 200) return performance.now() - started;
      if (Date.now() > deadline) throw new Error(`no health 200 after 120 s:\n${launcher.output()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    launcher.child.kill('SIGTERM');
    await exited(launcher.child);
  }
}

const runs: number[] = [];
let first: number;
try {
  first = await boot();
  for (let i = 0; i < args.runs; i++) runs.push(await boot());
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
const sorted = [...runs].sort((a, b) => a - b);
console.log('\nnpm start → /api/health 200 (built tree, embedded PostgreSQL, fake driver)\n');
printTable(
  ['start', 'seconds'],
  [
    ['first (new data dir: initdb, superadmin)', fmt(first / 1000, 2)],
    ...runs.map((ms, i) => [`restart ${i + 1}`, fmt(ms / 1000, 2)]),
    ['restart p50', fmt(percentile(sorted, 50) / 1000, 2)],
  ],
);
writeResult('startup.json', {
  firstSeconds: Number((first / 1000).toFixed(2)),
  restartSeconds: runs.map((ms) => Number((ms / 1000).toFixed(2))),
  restartP50Seconds: Number((percentile(sorted, 50) / 1000).toFixed(2)),
  measuredAt: new Date().toISOString(),
});
console.log('\nwritten to bench/results/startup.json');
