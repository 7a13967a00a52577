/** What an operator's message in the notified group says about a request. */
export type OperatorAnswer = 'confirmed' | 'rejected' | 'ambiguous' | null;

/** Lower case without accents, so "CONFIRMÓ", "Confirmo" and "confirmo" read the same. */
function normalize(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A word counts only as a whole word ("ok" is not inside "bloke"), and a phrase as a whole phrase. Emoji have
 * no letters around them, so the same rule works for "✅".
 */
function containsWord(normalizedText: string, word: string): boolean {
  const re = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegex(normalize(word))}(?![\\p{L}\\p{N}])`, 'u');
  return re.test(normalizedText);
}

/**
 * Whether a message confirms or rejects. A message with both kinds of words ("confirmo RES-A, RES-B no
 * disponible") is `ambiguous`: guessing which code each word belongs to could confirm a booking the operator
 * rejected, so nothing changes and the trace records the message for a person to read.
 */
export function detectAnswer(
  text: string,
  words: { confirmWords: readonly string[]; rejectWords: readonly string[] },
): OperatorAnswer {
  const normalized = normalize(text);
  const confirms = words.confirmWords.some((w) => containsWord(normalized, w));
  const rejects = words.rejectWords.some((w) => containsWord(normalized, w));
  if (confirms && rejects) return 'ambiguous';
  if (confirms) return 'confirmed';
  if (rejects) return 'rejected';
  return null;
}
