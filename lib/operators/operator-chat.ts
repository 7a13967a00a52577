/**
 * The WhatsApp chat id of a phone number as people store it ("+56 9 1234 5678" → "56912345678@c.us"). A
 * 9-digit number starting with 9 is a Chilean mobile written without the country code. Null when the number
 * is too short to be reachable.
 */
export function phoneToChatId(phone: string | null | undefined): string | null {
  const digits = phone?.replace(/\D/g, '') ?? '';
  if (digits.length === 9 && digits.startsWith('9')) return `56${digits}@c.us`;
  if (digits.length < 10 || digits.length > 15) return null;
  return `${digits}@c.us`;
}

/** "56912345678@c.us" → "+56912345678"; null for group or `@lid` ids, which carry no phone number. */
export function chatIdToPhone(waId: string): string | null {
  const match = /^(\d{8,15})@c\.us$/.exec(waId);
  return match ? `+${match[1]}` : null;
}
