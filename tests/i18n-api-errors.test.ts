import { describe, expect, it } from 'vitest';
import { getMessages } from '../lib/i18n';
import { apiErrorMessage, apiFieldErrors, groupWarningMessage } from '../lib/i18n/api-errors';
import { formatCount } from '../lib/i18n/plural';
import { peopleText, renderTemplate } from '../lib/settings/render-template';

const es = getMessages('es');
const en = getMessages('en');

/** An error as the dashboard's api() throws it: status, code, the API's English message, details. */
const apiError = (code: string, details?: unknown) =>
  Object.assign(new Error('English text from the API'), { code, details });

describe('the dashboard phrases API errors by code and reason', () => {
  it('uses the reason when there is one, in Spanish by default and in English', () => {
    const conflict = apiError('conflict', { reason: 'email_taken' });
    expect(apiErrorMessage(es, conflict)).toBe('Ya existe un usuario con ese correo.');
    expect(apiErrorMessage(en, conflict)).toBe('A user with that email already exists.');
    expect(apiErrorMessage(es, apiError('forbidden', { reason: 'read_only_account' }))).toBe(
      'Tu cuenta es de solo lectura: pide este cambio a un superadmin.',
    );
  });

  it('falls back to the code, then to a generic sentence, never to the API text', () => {
    expect(apiErrorMessage(es, apiError('conflict', { reason: 'something_new' }))).toBe(
      es.apiErrors.codes.conflict,
    );
    expect(apiErrorMessage(es, apiError('invalid'))).toBe('Revisa los datos ingresados.');
    expect(apiErrorMessage(es, apiError('teapot'))).toBe('Algo salió mal. Inténtalo de nuevo.');
    expect(apiErrorMessage(es, new TypeError('Failed to fetch'))).toBe(es.apiErrors.generic);
    // A reason named like an Object.prototype member is not a translation.
    expect(apiErrorMessage(es, apiError('conflict', { reason: 'toString' }))).toBe(
      es.apiErrors.codes.conflict,
    );
    for (const code of Object.keys(es.apiErrors.codes))
      expect(apiErrorMessage(es, apiError(code))).not.toContain('English');
  });

  it('phrases 422 field errors per field, with a generic sentence for fields it does not know', () => {
    const invalid = apiError('invalid', {
      formErrors: [],
      fieldErrors: { password: ['The password must have at least 10 characters.'], role: ['Invalid option'] },
    });
    expect(apiFieldErrors(es, invalid)).toEqual({
      password: 'La contraseña debe tener al menos 10 caracteres.',
      role: 'Revisa este campo.',
    });
    expect(apiFieldErrors(es, apiError('conflict'))).toEqual({});
  });

  it('phrases a group warning by its code with the group name', () => {
    expect(groupWarningMessage(es, { code: 'not_member' }, 'Operadores Pucón')).toBe(
      'Nuestro número ya no participa en el grupo «Operadores Pucón».',
    );
    expect(groupWarningMessage(en, { code: 'chat_deleted' }, 'Pucón')).toBe('The group «Pucón» was deleted.');
  });
});

describe('counts agree with their noun', () => {
  it('says "1 persona" and "4 personas", "1 person" and "0 people"', () => {
    expect(formatCount('es', es.requests.partySize, 1)).toBe('1 persona');
    expect(formatCount('es', es.requests.partySize, 4)).toBe('4 personas');
    expect(formatCount('es', es.chats.members, 0)).toBe('0 participantes');
    expect(formatCount('en', en.requests.partySize, 1)).toBe('1 person');
    expect(formatCount('en', en.requests.partySize, 0)).toBe('0 people');
    expect(formatCount('es', es.operators.affects, 1, { affected: 1 })).toBe(
      'Este cambio afecta a 1 de 1 experiencia',
    );
    expect(formatCount('es', es.operators.affectsOverridden, 1)).toBe('(1 tiene grupo personalizado).');
  });

  it('gives templates {people}, so a notification says "1 persona" instead of "1 personas"', () => {
    expect(renderTemplate('Para {people}', { people: peopleText(1) })).toBe('Para 1 persona');
    expect(renderTemplate('Para {people}', { people: peopleText(4) })).toBe('Para 4 personas');
    expect(renderTemplate('Para {people}', { people: peopleText(null) })).toBe('Para —');
  });
});
