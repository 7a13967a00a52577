import type { GroupSource } from '../bindings/group-source';
import { chatIdToPhone } from '../operators/operator-chat';

/**
 * How the request trace (Spanish, read by admins in the dashboard) names people, chats and group sources: by
 * name and phone, never a raw WhatsApp id like "56961234501@c.us", and with no internal English word.
 */

export const GROUP_SOURCE_LABEL: Record<GroupSource, string> = {
  override: 'personalizado',
  operator_default: 'del operador',
  binding: 'vínculo antiguo',
  none: 'sin grupo',
};

/** "Pedro Soto (+56961234501)", or whichever half is known; a contact only seen as `@lid` has no phone. */
export function personLabel(name: string | null | undefined, wid: string, phone?: string | null): string {
  const shown = phone ? `+${phone.replace(/^\+/, '')}` : chatIdToPhone(wid);
  if (name && shown) return `${name} (${shown})`;
  return name || shown || 'un participante sin nombre';
}

/** «Operadores Pucón», or the phone of an unnamed person's chat; a chat with neither is «sin nombre». */
export function chatLabel(chat: { name: string | null; waId: string }): string {
  if (chat.name) return `«${chat.name}»`;
  return chatIdToPhone(chat.waId) ?? '«sin nombre»';
}
