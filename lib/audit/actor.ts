/**
 * Who did something. Every audited verb receives one; the web edge builds it from the session or the API key,
 * the worker and the CLI use SYSTEM_ACTOR (or a labelled variant) because no person is behind them.
 */
export type ActorType = 'user' | 'api_key' | 'system' | 'anonymous';

export interface Actor {
  type: ActorType;
  id?: string;
  label?: string;
  ip?: string;
}

export const SYSTEM_ACTOR: Actor = { type: 'system', label: 'sistema' };

/** A short human label for `created_by`-style columns: "user:12", "system". */
export function actorLabel(actor: Actor): string {
  return actor.id ? `${actor.type}:${actor.id}` : (actor.label ?? actor.type);
}
