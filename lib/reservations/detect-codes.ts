import { compileCodePattern, DEFAULT_CODE_PATTERN } from './code-pattern';

// Compiling on every message would be wasteful; the pattern changes only when an admin edits settings.
const compiled = new Map<string, RegExp>();

function regexFor(pattern: string): RegExp {
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
 * Pure: the pattern comes from settings (`codePattern`).
 */
export function detectCodes(text: string, pattern: string = DEFAULT_CODE_PATTERN): string[] {
  const codes = new Set<string>();
  for (const match of text.matchAll(regexFor(pattern))) codes.add(match[0].toUpperCase());
  return [...codes];
}
