/** `npm run build:worker` (part of `npm run build`): the worker, CLI and migration bundles in dist/. */
import { ensureBundles } from './lib/bundle';

await ensureBundles(process.cwd(), (line) => console.log(line));
