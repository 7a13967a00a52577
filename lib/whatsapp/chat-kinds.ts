/** The inbox filter by kind of chat. Kept free of imports so the dashboard's tabs use the same list. */
export const CHAT_KINDS = ['all', 'individual', 'groups'] as const;
export type ChatKind = (typeof CHAT_KINDS)[number];
