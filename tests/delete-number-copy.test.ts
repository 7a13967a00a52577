import { describe, expect, it } from 'vitest';
import { en } from '../lib/i18n/messages/en';
import { es } from '../lib/i18n/messages/es';

/** The delete dialog says what deleting does to the phone and, with purge, to the files. */
describe('the delete-number dialog', () => {
  it('says the device is unlinked from the phone, that purge deletes its files and that keep cancels queued sends', () => {
    expect(es.numbers.removeBody).toMatch(/desvincula del teléfono/);
    expect(en.numbers.removeBody).toMatch(/unlinked from the phone/);
    expect(es.numbers.purge).toMatch(/archivos/);
    expect(en.numbers.purge).toMatch(/files/);
    expect(es.numbers.keep).toMatch(/archivos/);
    expect(en.numbers.keep).toMatch(/files/);
    expect(es.numbers.keep).toMatch(/en cola de envío se cancela/);
    expect(en.numbers.keep).toMatch(/queued to send is cancelled/);
  });
});
