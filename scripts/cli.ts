/** `npm run cli -- <command>`: operator tasks from a terminal. See scripts/cli/run-cli.ts for the commands. */
import { runCli } from './cli/run-cli';

process.exitCode = await runCli(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
