import { setTimeout as sleep } from 'node:timers/promises';
import { eq } from 'drizzle-orm';
import type { Db } from '../../lib/db';
import { whatsappCommands, whatsappSessions } from '../../lib/db/schema';

const POLL_MS = 500;
/** After this long still `pending`, say once that the worker may not be running. */
const IDLE_HINT_MS = 10_000;

const formatProgress = (p: { done: number; total?: number; note?: string } | null) =>
  p ? `${p.done}${p.total !== undefined ? `/${p.total}` : ''}${p.note ? ` (${p.note})` : ''}` : '';

/**
 * Follows a queued command until it finishes, printing its progress whenever it changes. Returns the exit
 * code: 0 when it succeeded, 1 when it failed, ended `unknown`/`cancelled`, or the wait timed out.
 */
export async function waitForCommand(
  db: Db,
  commandId: number,
  options: { timeoutSeconds: number; out: (line: string) => void; err: (line: string) => void },
): Promise<number> {
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  const started = Date.now();
  let lastShown = '';
  let hinted = false;
  for (;;) {
    const [command] = await db.select().from(whatsappCommands).where(eq(whatsappCommands.id, commandId));
    if (!command) {
      options.err(`El comando #${commandId} ya no existe.`);
      return 1;
    }
    const shown = `${command.status} ${formatProgress(command.progress)}`.trim();
    if (shown !== lastShown) {
      options.out(`  ${shown}`);
      lastShown = shown;
    }
    if (command.status === 'succeeded') {
      if (command.result) options.out(`Listo: ${JSON.stringify(command.result)}`);
      return 0;
    }
    if (['failed', 'unknown', 'cancelled'].includes(command.status)) {
      options.err(
        `El comando #${commandId} terminó en estado ${command.status}: ${command.error ?? 'sin detalle'}`,
      );
      return 1;
    }
    if (!hinted && command.status === 'pending' && Date.now() - started > IDLE_HINT_MS) {
      hinted = true;
      const [session] = await db
        .select({ status: whatsappSessions.status, heartbeatAt: whatsappSessions.heartbeatAt })
        .from(whatsappSessions)
        .where(eq(whatsappSessions.id, command.sessionId));
      options.err(
        `Aún en cola. ¿Está corriendo el worker (npm start)? Sesión: ${session?.status ?? '?'}, ` +
          `último latido: ${session?.heartbeatAt?.toISOString() ?? 'nunca'}.`,
      );
    }
    if (Date.now() > deadline) {
      options.err(
        `Se agotó la espera (${options.timeoutSeconds} s); el comando #${commandId} sigue en estado ${command.status}.`,
      );
      return 1;
    }
    await sleep(POLL_MS);
  }
}
