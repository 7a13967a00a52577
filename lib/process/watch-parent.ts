/**
 * Children of `npm start` stop when the launcher disappears without telling them (SIGKILL, OOM killer):
 * Linux has no parent-death signal in Node, so poll for being re-parented. The launcher passes its pid in
 * TUKI_SUPERVISOR_PID; processes started any other way are not affected.
 */
export function stopWhenSupervisorDies(
  // SIGTERM to ourselves runs the process's normal graceful shutdown.
  onOrphaned: () => void = () => process.kill(process.pid, 'SIGTERM'),
  env = process.env,
): void {
  const supervisor = Number(env.TUKI_SUPERVISOR_PID);
  if (!Number.isInteger(supervisor) || supervisor <= 0) return;
  const timer = setInterval(() => {
    if (process.ppid !== supervisor) {
      clearInterval(timer);
      onOrphaned();
    }
  }, 1000);
  timer.unref();
}
