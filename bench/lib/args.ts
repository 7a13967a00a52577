import { z } from 'zod';

/**
 * Command-line options of a benchmark, `--name value` pairs validated by a zod object: an unknown option or a
 * bad value stops the run with the reason and the usage line instead of measuring something else.
 */
export function parseArgs<S extends z.ZodObject>(
  schema: S,
  usage: string,
  argv = process.argv.slice(2),
): z.output<S> {
  const raw: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const match = /^--([a-z][a-z-]*)(?:=(.*))?$/.exec(arg);
    if (!match) fail(`unexpected argument "${arg}"`, usage);
    const name = match[1]!;
    const value = match[2] ?? argv[++i];
    if (value === undefined) fail(`--${name} needs a value`, usage);
    if (!(name in schema.shape)) fail(`unknown option --${name}`, usage);
    raw[name] = value;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    fail(`--${String(issue.path[0])}: ${issue.message}`, usage);
  }
  return parsed.data;
}

function fail(reason: string, usage: string): never {
  console.error(`${reason}\nusage: ${usage}`);
  process.exit(2);
}

/** A positive number option with bounds, e.g. `--scale 0.1`. */
export const numberArg = (min: number, max: number, fallback: number) =>
  z.coerce.number().min(min).max(max).default(fallback);
export const intArg = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);
