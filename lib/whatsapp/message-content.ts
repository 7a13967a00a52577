import type { LocationDto, MessageDto, VcardDto } from './dto';
import { parseVcard } from './vcard';

/** The text of a location: its place name and address (its WhatsApp `body` is a JPEG thumbnail). */
export function locationText(location: LocationDto | null | undefined): string {
  return location ? [location.name, location.address].filter(Boolean).join('\n') : '';
}

/** The text of contact cards: their names (or first numbers), never the raw vCard. */
export function vcardsText(cards: VcardDto[]): string {
  return cards
    .map((c) => c.name ?? c.numbers[0] ?? '')
    .filter(Boolean)
    .join(', ');
}

/**
 * What is stored as a message's text, whatever produced the DTO (a driver, the inbound webhook): a location's
 * base64 thumbnail body is never stored, previewed or scanned, and a contact card is kept as name + numbers.
 */
export function normalizeContent(m: MessageDto): MessageDto {
  if (m.type === 'location') return { ...m, location: m.location ?? null, body: locationText(m.location) };
  if (m.type === 'vcard' || m.type === 'multi_vcard') {
    const vcards = m.vcards ?? (m.body.includes('BEGIN:VCARD') ? splitVcards(m.body).map(parseVcard) : []);
    return { ...m, vcards, body: vcardsText(vcards) };
  }
  return m;
}

function splitVcards(text: string): string[] {
  return text.split(/(?=BEGIN:VCARD)/).filter((part) => part.includes('BEGIN:VCARD'));
}
