import { sql } from 'drizzle-orm';
import type { Tx } from '../db';
import { SIGNATURE_TOLERANCE_SECONDS } from './signature';

/**
 * True the first time a signature is seen; false for a replay. A signature is kept for twice the tolerance
 * (the timestamp may be that far in the past or the future), shared by every web replica through the table;
 * expired ones are swept on the way.
 */
export async function firstUseOfSignature(db: Tx, signature: string): Promise<boolean> {
  await db.execute(sql`delete from inbound_webhook_signatures where expires_at < now()`);
  const rows = await db.execute(sql`
    insert into inbound_webhook_signatures (signature, expires_at)
    values (${signature.toLowerCase()}, now() + make_interval(secs => ${2 * SIGNATURE_TOLERANCE_SECONDS}))
    on conflict do nothing returning 1`);
  return rows.length === 1;
}
