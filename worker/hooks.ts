import type { Db } from '../lib/db';

/**
 * What the domain (lib/) does in reaction to WhatsApp events, called by the worker AFTER the rows are
 * committed. Kept behind one seam so the worker's tests can observe it and the wiring lives in one place.
 */
export interface DomainHooks {
  /** New inbound messages (live or back-filled): reservation codes, operator answers, webhooks. */
  processMessages(db: Db, input: { sessionId: number; messageIds: number[] }): Promise<void>;
  /** A `send_message` command finished (succeeded or failed). */
  onSendResult(
    db: Db,
    input: { commandId: number; ok: boolean; protocolId?: string; error?: string },
  ): Promise<void>;
  /** WhatsApp acknowledged some of our own messages (ack ≥ 1). */
  onOutgoingAcks(db: Db, input: { sessionId: number; protocolIds: string[] }): Promise<void>;
  /** Group membership may have changed for these chats (sync, join/leave events). */
  onGroupsChanged(db: Db, chatIds: number[]): Promise<void>;
  /** The session's lifecycle status changed (not on every QR rotation). */
  onSessionStatus(db: Db, input: { sessionId: number }): Promise<void>;
  /** Periodic housekeeping (notification deadlines…), every few seconds while the session runs. */
  tick(db: Db, input: { sessionId: number }): Promise<void>;
}
