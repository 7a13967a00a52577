import { RE2JS } from 're2js';

/**
 * The one definition of what a reservation code looks like. The default is `RES-` followed by 3–12 letters or
 * digits; the admin can replace the pattern in settings. Matching is always case-insensitive and global, and
 * codes are stored upper case, so `res-ab12` and `RES-AB12` are the same reservation.
 *
 * Patterns run on RE2 (re2js, pure JavaScript): matching time grows linearly with the text whatever the
 * pattern, so a pattern like `(a+)+$` cannot stall the worker on a hostile message (a backtracking engine
 * would spin for hours on it, and the standby that takes the lease over would spin on the same message).
 * RE2 has no backreferences or lookaround; such patterns are refused when saved.
 */
export const DEFAULT_CODE_PATTERN = String.raw`\bRES-[A-Z0-9]{3,12}\b`;

/** Only the start of a message is searched: codes come early, and it bounds the work per message. */
export const CODE_SCAN_MAX_CHARS = 16_384;

/** Samples on which a usable pattern must never produce a zero-length match (it would "detect" nothing, forever). */
const EMPTY_MATCH_SAMPLES = ['', ' ', 'hola', 'RES-ABC123'];

/** Why a pattern cannot be used: `problem` for the dashboard to phrase, `reason` (English) for the API. */
export type PatternProblem = 'syntax' | 'empty_match';
export type CompiledPattern =
  | { ok: true; regex: RE2JS }
  | { ok: false; problem: PatternProblem; reason: string };

/** Compiles a pattern source, or says why it cannot be used. */
export function compileCodePattern(source: string): CompiledPattern {
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
  } catch (error) {
    return {
      ok: false,
      problem: 'syntax',
      reason: `Not a valid regular expression (RE2 syntax: no backreferences or lookaround): ${(error as Error).message}`,
    };
  }
  for (const sample of EMPTY_MATCH_SAMPLES) {
    if (findCodeMatches(regex, sample, true).some((m) => m.text === ''))
      return { ok: false, problem: 'empty_match', reason: 'The regular expression matches empty text.' };
  }
  return { ok: true, regex };
}

/** Every match in the first CODE_SCAN_MAX_CHARS characters, with its position (the settings tester marks them). */
export function findCodeMatches(
  regex: RE2JS,
  text: string,
  includeEmpty = false,
): { index: number; text: string }[] {
  const matches: { index: number; text: string }[] = [];
  const matcher = regex.matcher(text.slice(0, CODE_SCAN_MAX_CHARS));
  while (matcher.find()) {
    const found = matcher.group() ?? '';
    if (found !== '' || includeEmpty) matches.push({ index: matcher.start(), text: found });
  }
  return matches;
}
