import { type ChildProcess, spawn } from 'node:child_process';
import type { Logger } from '../../lib/log';

export interface Supervised {
  stop: () => Promise<void>;
}

/**
 * Runs a child process and restarts it with exponential backoff when it dies. Each child leads its own
 * process group, so stopping it also reaps what it spawned (Chromium) if it did not clean up itself.
 */
export function supervise(
  name: string,
  command: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; log: Logger; stopTimeoutMs?: number },
): Supervised {
  const { log } = options;
  let child: ChildProcess | undefined;
  let stopping = false;
  let backoffMs = 1000;
  let restartTimer: NodeJS.Timeout | undefined;

  const start = () => {
    const startedAt = Date.now();
    child = spawn(command, args, { env: options.env, stdio: 'inherit', detached: true });
    const current = child;
    current.on('exit', (code, signal) => {
      killGroup(current, 'SIGKILL');
      if (stopping) return;
      // A child that ran for a minute was healthy: start the backoff over.
      if (Date.now() - startedAt > 60_000) backoffMs = 1000;
      log.error({ child: name, code, signal, restartInMs: backoffMs }, `${name} exited; restarting`);
      restartTimer = setTimeout(start, backoffMs);
      backoffMs = Math.min(backoffMs * 2, 30_000);
    });
  };
  start();

  return {
    stop: async () => {
      stopping = true;
      if (restartTimer) clearTimeout(restartTimer);
      const current = child;
      if (!current || current.exitCode !== null || current.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
      current.kill('SIGTERM');
      const timeout = new Promise<'timeout'>((resolve) =>
        setTimeout(() => resolve('timeout'), options.stopTimeoutMs ?? 15_000).unref(),
      );
      if ((await Promise.race([exited, timeout])) === 'timeout') {
        log.warn({ child: name }, `${name} did not stop in time; killing it`);
        killGroup(current, 'SIGKILL');
        await exited;
      }
    },
  };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is already gone
  }
}
