import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { ConfigError, loadConfig, requireDatabaseUrl } from '../../lib/config';
import { createDb } from '../../lib/db';
import { DomainError } from '../../lib/errors';
import { DEFAULT_LOCALE, getMessages } from '../../lib/i18n';
import { apiErrorMessage } from '../../lib/i18n/api-errors';
import { type CliCommand, UsageError } from './command';
import { createAdminCommand } from './commands/create-admin';
import { createApiKeyCommand } from './commands/create-api-key';
import { migrateOperatorsCommand } from './commands/migrate-operators';
import { replayMessagesCommand } from './commands/replay-messages';
import { replayRequestsCommand } from './commands/replay-requests';
import { syncChatsCommand, syncMessagesCommand } from './commands/sync';

const COMMANDS: CliCommand[] = [
  syncChatsCommand,
  syncMessagesCommand,
  migrateOperatorsCommand,
  createAdminCommand,
  createApiKeyCommand,
  replayRequestsCommand,
  replayMessagesCommand,
] as CliCommand[];

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  env?: Record<string, string | undefined>;
}

function generalHelp() {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Uso: npm run cli -- <comando> [opciones]',
    '',
    'Comandos:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Ayuda de un comando: npm run cli -- <comando> --help',
    'La base de datos se toma de DATABASE_URL; la sesión de WhatsApp de WA_SESSION.',
  ].join('\n');
}

const commandHelp = (c: CliCommand) => `Uso: npm run cli -- ${c.usage}\n\n${c.summary}`;

/** zod issues as one line each, in the words of the schema (the argument names the person typed). */
function describeIssues(error: z.ZodError) {
  return error.issues.map((issue) => {
    if (issue.path[0] === 'positionals') {
      if (issue.code === 'too_big') return 'sobran argumentos';
      if (issue.code === 'too_small') return 'faltan argumentos';
      return issue.message;
    }
    const flag = `--${String(issue.path[1])}`;
    return issue.message.includes(flag) ? issue.message : `${flag}: ${issue.message}`;
  });
}

/** Parses, validates, then opens the database and runs. Returns the process exit code. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? io.out : io.err)(generalHelp());
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`Comando desconocido: «${name}». Usa --help para ver la lista.`);
    return EXIT.usage;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${commandHelp(command)}`);
    return EXIT.usage;
  }
  if (parsed.values.help) {
    io.out(commandHelp(command));
    return EXIT.ok;
  }
  const { help: _, ...values } = parsed.values;
  const args = command.schema.safeParse({ positionals: parsed.positionals, values });
  if (!args.success) {
    io.err(`Argumentos no válidos para ${command.name}:`);
    for (const line of describeIssues(args.error)) io.err(`  - ${line}`);
    io.err(`\n${commandHelp(command)}`);
    return EXIT.usage;
  }

  let handle: ReturnType<typeof createDb> | undefined;
  try {
    const config = loadConfig(io.env);
    handle = createDb(requireDatabaseUrl(config), { max: 2, applicationName: 'tuki-cli' });
    return await command.run({ db: handle.db, config, out: io.out, err: io.err }, args.data);
  } catch (error) {
    if (error instanceof DomainError) {
      // Verbs speak English with codes; the CLI speaks Spanish like the dashboard, so it phrases them the same way.
      io.err(apiErrorMessage(getMessages(DEFAULT_LOCALE), error));
      return EXIT.failure;
    }
    if (error instanceof ConfigError || error instanceof UsageError) {
      io.err(error.message);
      return error instanceof UsageError ? EXIT.usage : EXIT.failure;
    }
    throw error;
  } finally {
    await handle?.close();
  }
}
