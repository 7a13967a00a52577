/** Runs once when the Next server starts. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { stopWhenSupervisorDies } = await import('./lib/process/watch-parent');
  stopWhenSupervisorDies();
}
