/**
 * How a participant named in a group change's outcome is shown. A `@c.us` id is the phone itself; a `@lid` id
 * (LID groups) is an opaque WhatsApp number, not a phone, so it is shown as the phone that was typed when the
 * change named one person, and as "hidden number" otherwise — never as `+<lid>`, which looks like a real phone.
 */
export function participantLabel(wid: string, typed: string[], hiddenNumber: string): string {
  const [user = wid, server] = wid.split('@');
  if (server !== 'lid') return `+${user}`;
  if (typed.length !== 1) return hiddenNumber;
  const digits = typed[0]!.replace(/\D/g, '');
  return digits ? `+${digits}` : hiddenNumber;
}
