import type { ParseArgsConfig } from 'node:util';
import type { z } from 'zod';
import type { Config } from '../../lib/config';
import type { Db } from '../../lib/db';

/** What every command gets once its arguments are valid: the database and the configuration. */
export interface CliContext {
  db: Db;
  config: Config;
  out: (line: string) => void;
  err: (line: string) => void;
}

/**
 * One CLI command. Arguments are parsed with node:util parseArgs (`options`), then validated with `schema`
 * BEFORE the database is opened, so a typo fails fast with a clear message. `run` returns the exit code.
 */
export interface CliCommand<S extends z.ZodType = z.ZodType> {
  name: string;
  usage: string;
  summary: string;
  options: NonNullable<ParseArgsConfig['options']>;
  schema: S;
  run: (ctx: CliContext, args: z.output<S>) => Promise<number>;
}

export const defineCommand = <S extends z.ZodType>(command: CliCommand<S>) => command;

/** Wrong usage: printed with a hint, exit code 2 (like most Unix tools). */
export class UsageError extends Error {}
