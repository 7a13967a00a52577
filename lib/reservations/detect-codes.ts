import type { RE2JS } from 're2js';
import { compileCodePattern, DEFAULT_CODE_PATTERN, findCodeMatches } from './code-pattern';

// Compiling on every message would be wasteful; the pattern changes only when an admin edits settings.
const compiled = new Map<string, RE2JS>();

function regexFor(pattern: string): RE2JS {
  let regex = compiled.get(pattern);
  if (!regex) {
    const result = compileCodePattern(pattern);
    // Settings validate the pattern before storing it, so an unusable one here is a programming error.
    if (!result.ok) throw new Error(`unusable reservation code pattern: ${result.reason}`);
    regex = result.regex;
    if (compiled.size > 20) compiled.clear();
    compiled.set(pattern, regex);
  }
  return regex;
}

/**
 * The reservation codes in a message text: upper-cased, each once, in order of first appearance.
 * Pure: the pattern comes from settings (`codePattern`). Only the first CODE_SCAN_MAX_CHARS characters are searched.
 */
export function detectCodes(text: string, pattern: string = DEFAULT_CODE_PATTERN): string[] {
  const codes = new Set<string>();
  for (const match of findCodeMatches(regexFor(pattern), text)) codes.add(match.text.toUpperCase());
  return [...codes];
}
