/** Work the web app asks the worker to do through the `whatsapp_commands` outbox. */
export const COMMAND_KINDS = [
  'send_message',
  'send_reaction',
  /** The read receipt of a chat (`Chat.sendSeen`), when the setting allows it (lib/whatsapp/mark-read.ts). */
  'send_seen',
  'sync_chats',
  'sync_chat_messages',
  'request_pairing_code',
  'logout',
  'restart',
  /** Group administration (lib/groups/group-ops.ts): create, invite link, participants, name, description. */
  'group_op',
] as const;
export type CommandKind = (typeof COMMAND_KINDS)[number];

/**
 * Why the domain queued a command, so it can react to the outcome: the notification of a reservation request
 * to its operator, or the reply to the customer. Stored in `whatsapp_commands.purpose` with `request_id` and,
 * for notifications, `attempt` (see lib/reservations/notification/).
 */
export const COMMAND_PURPOSES = ['reservation_request', 'request_reply'] as const;
export type CommandPurpose = (typeof COMMAND_PURPOSES)[number];

/**
 * `sending` is entered right before the library is called for a send; a command found there after a crash
 * is reconciled against the chat's own recent messages instead of being re-sent. `unknown` is what stays
 * when that reconciliation cannot confirm either way: shown to the admin, never retried automatically.
 */
export const COMMAND_STATUSES = [
  'pending',
  'running',
  'sending',
  'succeeded',
  'failed',
  'unknown',
  'cancelled',
] as const;
export type CommandStatus = (typeof COMMAND_STATUSES)[number];
