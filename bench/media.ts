/**
 * `npm run bench:media [-- --files 200 --mb 10 --concurrency 2]`: received media through the worker's download
 * queue. The fake phone gets N files of M MB (generated content, each unique); the worker downloads each one
 * (the fake hands it over as one base64 string, as whatsapp-web.js does) and stores it in PostgreSQL. Prints
 * the worker's peak RSS (sampled every 250 ms) and downloads per second.
 *
 * The fake runs inside the worker process, so its own work (making each file's bytes for its filehash, then
 * again for the download) is in the figure; with the real driver that memory is Chromium's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { createDb } from '../lib/db';
import { ensureBundles } from '../scripts/lib/bundle';
import { waitFor } from '../tests/support/processes';
import { FAKE_WA_TOKEN, linkAndWaitReady, startWorker } from '../tests/support/stack';
import { intArg, parseArgs } from './lib/args';
import { printTable } from './lib/stats';
import { benchDatabase, writeResult } from './support';

const args = parseArgs(
  z.object({
    files: intArg(1, 10_000, 200),
    mb: intArg(1, 64, 10),
    concurrency: intArg(1, 16, 2),
    runtime: z.enum(['bundle', 'tsx']).default('tsx'),
  }),
  'npm run bench:media -- [--files N] [--mb MB] [--concurrency N] [--runtime bundle|tsx]',
);

const database = await benchDatabase('media');
const handle = createDb(database.url, { max: 2 });
const dataDir = mkdtempSync(path.join(tmpdir(), 'tuki-bench-media-'));
if (args.runtime === 'bundle') await ensureBundles(process.cwd(), (line) => console.log(line));
const worker = await startWorker(
  database.url,
  dataDir,
  {
    MEDIA_MAX_MB: String(Math.max(16, args.mb + 1)),
    MEDIA_DOWNLOAD_CONCURRENCY: String(args.concurrency),
    LOG_LEVEL: 'warn',
  },
  { bundle: args.runtime === 'bundle' },
);
const status = async () =>
  (await handle.sql<{ status: string }[]>`select status::text from whatsapp_sessions`)[0]?.status;
const stored = async () =>
  Number(
    (
      await handle.sql<
        { n: string }[]
      >`select count(*)::text as n from media_downloads where state = 'stored'`
    )[0]?.n ?? 0,
  );

async function sendFile(i: number): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${worker.fakePort}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${FAKE_WA_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      chatId: `5698${String(i % 20).padStart(7, '0')}@c.us`,
      type: 'document',
      caption: `Archivo ${i + 1}`,
      media: { mimetype: 'application/pdf', filename: `archivo-${i + 1}.pdf`, size: args.mb * 1024 * 1024 },
    }),
  });
  if (!res.ok) throw new Error(`fake POST /messages: ${res.status} ${await res.text()}`);
}

let result: Record<string, unknown> = {};
try {
  await linkAndWaitReady(worker, status);
  await new Promise((r) => setTimeout(r, 2000)); // let the post-ready sync settle
  const idleMb = worker.rssMb() ?? 0;
  let peakMb = idleMb;
  const sampler = setInterval(() => {
    peakMb = Math.max(peakMb, worker.rssMb() ?? 0);
  }, 250);
  const started = performance.now();
  for (let i = 0; i < args.files; i++) await sendFile(i);
  const sentSeconds = (performance.now() - started) / 1000;
  await waitFor(
    `${args.files} files stored`,
    async () => ((await stored()) >= args.files ? true : undefined),
    Math.max(120_000, args.files * args.mb * 1000),
  );
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  await new Promise((r) => setTimeout(r, 3000));
  const afterMb = worker.rssMb() ?? 0;
  const [bytes] = await handle.sql<
    { n: string }[]
  >`select coalesce(sum(size), 0)::text as n from media_blobs`;
  result = {
    runtime: args.runtime,
    files: args.files,
    mbPerFile: args.mb,
    concurrency: args.concurrency,
    seconds: Math.round(seconds * 10) / 10,
    sendSeconds: Math.round(sentSeconds * 10) / 10,
    downloadsPerSecond: Math.round((args.files / seconds) * 10) / 10,
    storedMb: Math.round(Number(bytes!.n) / 1048576),
    workerRssMb: { idle: idleMb, peak: peakMb, after: afterMb },
    measuredAt: new Date().toISOString(),
  };
} finally {
  await worker.stop();
  await handle.close();
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
}

const rss = result.workerRssMb as { idle: number; peak: number; after: number };
console.log(
  `\nMedia downloads (${args.files} files of ${args.mb} MB, ${args.concurrency} at once; worker runtime: ${args.runtime})\n`,
);
printTable(
  ['worker RSS idle MB', 'peak MB', 'after MB', 'downloads/s', 'seconds'],
  [[rss.idle, rss.peak, rss.after, result.downloadsPerSecond as number, result.seconds as number]],
);
writeResult('media.json', result);
console.log('\nwritten to bench/results/media.json');
