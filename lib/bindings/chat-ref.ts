import { z } from 'zod';

/**
 * The group a binding verb is given: our chat id (a number or digits) or a WhatsApp id, the latter looked up in
 * `session` (default WA_SESSION) inside the verb's transaction.
 */
export const chatRef = {
  chatId: z.union([z.number().int().positive(), z.string().trim().min(1).max(128)]),
  session: z.string().min(1).max(64).optional(),
};
