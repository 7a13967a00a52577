/** Where a stored message came from: the live event stream, catch-up after downtime, a requested history sync, or our own send. */
export const MESSAGE_SOURCES = ['live', 'backfill', 'history', 'sent'] as const;
export type MessageSource = (typeof MESSAGE_SOURCES)[number];
