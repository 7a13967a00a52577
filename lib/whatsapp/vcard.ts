import type { VcardDto } from './dto';

/**
 * A contact card as a name and its phone numbers. WhatsApp writes `TEL;type=CELL;waid=56912345678:+56 9 1234 5678`:
 * the `waid` is the WhatsApp number (digits), preferred over the display form. Folded lines are unfolded first.
 */
export function parseVcard(text: string): VcardDto {
  const lines = text.replace(/\r?\n[ \t]/g, '').split(/\r?\n/);
  let name: string | null = null;
  const numbers: string[] = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const [key = '', ...params] = line.slice(0, colon).split(';');
    const value = line.slice(colon + 1).trim();
    const field = key.replace(/^item\d+\./i, '').toUpperCase();
    if (field === 'FN' && value) name = value;
    if (field === 'TEL') {
      const waid = params.find((p) => /^waid=/i.test(p))?.split('=')[1];
      const number = (waid ?? value).replace(/[^\d+]/g, '');
      if (number && !numbers.includes(number)) numbers.push(number);
    }
  }
  return { name, numbers };
}
