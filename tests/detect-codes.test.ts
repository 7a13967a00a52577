import { describe, expect, it } from 'vitest';
import { CODE_SCAN_MAX_CHARS, compileCodePattern } from '../lib/reservations/code-pattern';
import { detectAnswer } from '../lib/reservations/detect-answer';
import { detectCodes } from '../lib/reservations/detect-codes';
import { DEFAULT_SETTINGS, settingSchemas } from '../lib/settings/schema';

describe('detectCodes with the default pattern', () => {
  it.each([
    ['Hola! Quiero confirmar mi reserva RES-7KQ2M para el sábado', ['RES-7KQ2M']],
    ['mi código es res-7kq2m, gracias', ['RES-7KQ2M']],
    ['Reserva RES-AB12.', ['RES-AB12']],
    ['(res-ab12)', ['RES-AB12']],
    ['¿Me confirman la RES-AB12?', ['RES-AB12']],
    ['"RES-AB12"', ['RES-AB12']],
    ['Código:RES-AB12', ['RES-AB12']],
    ['RES-ABC', ['RES-ABC']],
    ['RES-ABCDEFGHIJKL es mi código', ['RES-ABCDEFGHIJKL']],
    ['Aquí el link https://tuki.cl/reservas/RES-9XY7Z?ref=wa', ['RES-9XY7Z']],
    ['https://tuki.cl/r?codigo=res-9xy7z&x=1', ['RES-9XY7Z']],
    ['Tengo dos: RES-AAA111 y RES-BBB222 (la segunda es para mi hermana)', ['RES-AAA111', 'RES-BBB222']],
    ['RES-AAA111 RES-aaa111 res-AAA111', ['RES-AAA111']],
    ['RES-BBB222, RES-AAA111 y de nuevo RES-BBB222', ['RES-BBB222', 'RES-AAA111']],
    ['RES-AB12\nRES-CD34', ['RES-AB12', 'RES-CD34']],
  ])('%s', (text, expected) => {
    expect(detectCodes(text, DEFAULT_SETTINGS.codePattern)).toEqual(expected);
  });

  it.each([
    ['RES- sin código', 'nothing after the dash'],
    ['RES-AB', 'too short'],
    ['XRES-ABC123', 'glued to a word before'],
    ['RES-ABCDEFGHIJKLM', 'too long (13)'],
    ['RES_ABC123', 'underscore instead of dash'],
    ['RESABC123', 'no dash'],
    ['RES ABC123', 'space instead of dash'],
    ['Reserva para el 12 de enero, 4 personas', 'no code at all'],
    ['', 'empty message'],
  ])('%s → nothing (%s)', (text) => {
    expect(detectCodes(text)).toEqual([]);
  });

  it('uses a configured pattern', () => {
    expect(detectCodes('Booking TK-12345 and RES-ABC123', String.raw`\bTK-\d{5}\b`)).toEqual(['TK-12345']);
  });
});

describe('a hostile code pattern cannot stall the worker', () => {
  // On a backtracking engine each of these takes longer than the age of the universe on a 64 KB message.
  it.each([
    ['(a+)+#', 'a'.repeat(65_000)],
    [String.raw`(\w+\s?)+#`, 'ab '.repeat(21_000)],
    ['(RES-|RES-[A-Z]*)*#', 'RES-'.repeat(16_000)],
  ])('%s on a 64 KB message', (pattern, text) => {
    expect(compileCodePattern(pattern).ok).toBe(true);
    expect(detectCodes(text, pattern)).toEqual([]);
  });

  it('refuses what only a backtracking engine supports, in the settings schema too', () => {
    for (const pattern of [String.raw`(RES)-\1`, 'RES-(?=d)w+', '(?<!X)RES-w+']) {
      const compiled = compileCodePattern(pattern);
      expect(compiled.ok, pattern).toBe(false);
      expect(settingSchemas.codePattern.safeParse(pattern).success, pattern).toBe(false);
    }
  });

  it(`searches only the first ${CODE_SCAN_MAX_CHARS} characters of a message`, () => {
    const filler = 'x '.repeat(CODE_SCAN_MAX_CHARS);
    expect(detectCodes(`RES-AB12 ${filler}`)).toEqual(['RES-AB12']);
    expect(detectCodes(`${filler} RES-CD34`)).toEqual([]);
  });
});

describe('detectAnswer', () => {
  const words = { confirmWords: DEFAULT_SETTINGS.confirmWords, rejectWords: DEFAULT_SETTINGS.rejectWords };
  it.each([
    ['RES-AB12 confirmo', 'confirmed'],
    ['Confirmo la RES-AB12, los esperamos', 'confirmed'],
    ['RES-AB12 CONFIRMO', 'confirmed'],
    ['RES-AB12 ok', 'confirmed'],
    ['RES-AB12 Ok!', 'confirmed'],
    ['RES-AB12 ✅', 'confirmed'],
    ['RES-AB12 ✅️', 'confirmed'],
    ['RES-AB12 rechazo', 'rejected'],
    ['RES-AB12: no disponible ese día', 'rejected'],
    ['RES-AB12 NO DISPONIBLE', 'rejected'],
    ['RES-AB12 ❌', 'rejected'],
    ['RES-AB12 lo reviso y les aviso', null],
    ['RES-AB12 el bloke de la tarde', null],
    ['RES-AB12 confirmo / RES-CD34 no disponible', 'ambiguous'],
  ])('%s → %s', (text, expected) => {
    expect(detectAnswer(text, words)).toBe(expected);
  });
});
