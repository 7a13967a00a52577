import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Everything that changes what `next build` produces. */
const INPUTS = [
  'app',
  'components',
  'lib',
  'public',
  'messages',
  'next.config.mjs',
  'postcss.config.mjs',
  'tsconfig.json',
  'package-lock.json',
  'auth.ts',
  'proxy.ts',
  'instrumentation.ts',
];
const STAMP = path.join('.next', 'tuki-build-hash');

/** A digest of the named files and folders (recursively, in a stable order): the build stamps compare it. */
export function hashInputs(root: string, inputs: readonly string[]): string {
  const hash = createHash('sha256');
  const visit = (rel: string) => {
    const abs = path.join(root, rel);
    if (!existsSync(abs)) return;
    if (statSync(abs).isDirectory()) {
      for (const entry of readdirSync(abs).sort()) visit(path.join(rel, entry));
      return;
    }
    hash.update(rel);
    hash.update(readFileSync(abs));
  };
  for (const input of inputs) visit(input);
  return hash.digest('hex');
}

/** Builds the Next app when there is no build or its sources changed since the last one. */
export function ensureBuild(root: string, log: (line: string) => void): void {
  const digest = hashInputs(root, INPUTS);
  const stamp = path.join(root, STAMP);
  const hasBuild = existsSync(path.join(root, '.next', 'BUILD_ID'));
  if (hasBuild && existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return;
  log(
    hasBuild
      ? 'Sources changed since the last build; rebuilding the web app…'
      : 'Building the web app (first start)…',
  );
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status ?? result.signal})`);
  writeFileSync(stamp, digest);
}
