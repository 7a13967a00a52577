import { describe, expect, it } from 'vitest';
import { participantLabel } from '../components/groups/participant-label';
import { es } from '../lib/i18n/messages/es';

/** Grupos → Administrar names the participants WhatsApp left as they were. */
describe('participant labels in a group change’s outcome', () => {
  const hidden = es.groupAdmin.hiddenNumber;

  it('shows a phone id as its phone, and a LID as the phone that was typed, never as +<lid>', () => {
    expect(participantLabel('56971234567@c.us', ['+56 9 7123 4567'], hidden)).toBe('+56971234567');
    expect(participantLabel('123456789012345@lid', ['+56 9 7123 4567'], hidden)).toBe('+56971234567');
    expect(participantLabel('123456789012345@lid', [], hidden)).toBe(hidden);
    expect(participantLabel('123456789012345@lid', ['56911111111', '56922222222'], hidden)).toBe(hidden);
  });
});
