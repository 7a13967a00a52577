/**
 * The one definition of what a reservation code looks like. The default is `RES-` followed by 3–12 letters or
 * digits; the admin can replace the pattern in settings. Matching is always case-insensitive and global, and
 * codes are stored upper case, so `res-ab12` and `RES-AB12` are the same reservation.
 */
export const DEFAULT_CODE_PATTERN = String.raw`\bRES-[A-Z0-9]{3,12}\b`;

/** Samples on which a usable pattern must never produce a zero-length match (it would "detect" nothing, forever). */
const EMPTY_MATCH_SAMPLES = ['', ' ', 'hola', 'RES-ABC123'];

/** Why a pattern cannot be used: `problem` for the dashboard to phrase, `reason` (English) for the API. */
export type PatternProblem = 'syntax' | 'empty_match';
export type CompiledPattern =
  | { ok: true; regex: RegExp }
  | { ok: false; problem: PatternProblem; reason: string };

/** Compiles a pattern source, or says why it cannot be used. */
export function compileCodePattern(source: string): CompiledPattern {
  let regex: RegExp;
  try {
    regex = new RegExp(source, 'giu');
  } catch (error) {
    return {
      ok: false,
      problem: 'syntax',
      reason: `Not a valid regular expression: ${(error as Error).message}`,
    };
  }
  for (const sample of EMPTY_MATCH_SAMPLES) {
    for (const match of sample.matchAll(regex)) {
      if (match[0] === '')
        return { ok: false, problem: 'empty_match', reason: 'The regular expression matches empty text.' };
    }
  }
  return { ok: true, regex };
}
