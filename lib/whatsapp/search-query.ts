import { type SQL, sql } from 'drizzle-orm';

/**
 * What a person types into message search, read the way search boxes usually are: words must all appear
 * (stemmed in Spanish OR English, accents ignored), `"a phrase"` must appear in that order, `word*` matches any
 * word starting so, `-word` excludes. Nothing typed ever reaches to_tsquery's own syntax: words go through
 * plainto/phraseto_tsquery, and a prefix is cut down to letters and digits before `:*` is added.
 */
export interface ParsedQuery {
  words: string[];
  phrases: string[];
  prefixes: string[];
  excluded: string[];
  /** The text for the trigram match (partial words, numbers) when the query is plain words only. */
  substring: string | null;
}

const token = /(-?)"([^"]*)"?|(\S+)/g;
const wordChars = /[^\p{L}\p{N}]+/gu;

export function parseSearchQuery(q: string): ParsedQuery {
  const parsed: ParsedQuery = { words: [], phrases: [], prefixes: [], excluded: [], substring: null };
  let operators = false;
  for (const match of q.matchAll(token)) {
    const [, minus, phrase, bare] = match;
    if (phrase !== undefined) {
      operators = true;
      const text = phrase.trim();
      if (!text) continue;
      if (minus) parsed.excluded.push(text);
      else parsed.phrases.push(text);
      continue;
    }
    let word = bare ?? '';
    if (word.length > 1 && word.startsWith('-')) {
      operators = true;
      const text = word.slice(1).replace(/\*+$/, '');
      if (text.replace(wordChars, '')) parsed.excluded.push(text);
      continue;
    }
    if (word.length > 1 && word.endsWith('*')) {
      operators = true;
      word = word.replace(/\*+$/, '').replace(wordChars, '');
      if (word) parsed.prefixes.push(word);
      continue;
    }
    parsed.words.push(word);
  }
  const plain = q.trim().replace(/\s+/g, ' ');
  // Three characters is the least a trigram index can look up; shorter partial words would scan every row.
  if (!operators && plain.length >= 3) parsed.substring = plain;
  return parsed;
}

const either = (fn: 'plainto_tsquery' | 'phraseto_tsquery', text: string) =>
  sql`(${sql.raw(fn)}('public.tuki_spanish'::regconfig, ${text}) || ${sql.raw(fn)}('public.tuki_english'::regconfig, ${text}))`;

const prefix = (word: string) =>
  sql`(to_tsquery('public.tuki_spanish'::regconfig, ${`'${word}':*`}) || to_tsquery('public.tuki_english'::regconfig, ${`'${word}':*`}))`;

/** The tsquery of a parsed query, or null when it has nothing to look for (only exclusions, or nothing). */
export function toTsQuery(parsed: ParsedQuery): SQL | null {
  const positive = [
    ...parsed.words.map((w) => either('plainto_tsquery', w)),
    ...parsed.phrases.map((p) => either('phraseto_tsquery', p)),
    ...parsed.prefixes.map(prefix),
  ];
  if (positive.length === 0) return null;
  const negative = parsed.excluded.map((e) => sql`!! ${either('phraseto_tsquery', e)}`);
  return sql.join([...positive, ...negative], sql` && `);
}

/** The same index expressions as migration 0009 (spelled identically, or PostgreSQL will not use them). */
export const messageVector = (body: SQL | unknown) => sql`tuki_message_tsv(${body})`;
export const unaccented = (value: SQL | unknown) => sql`tuki_unaccent(${value})`;

/** `%`, `_` and `\` typed by a person are literal characters, not LIKE wildcards. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const START = '\u0002';
const STOP = '\u0003';
export const HEADLINE_OPTIONS = `StartSel=${START},StopSel=${STOP},MaxWords=30,MinWords=12,MaxFragments=2,FragmentDelimiter=" … "`;
export const HIGHLIGHT_ALL = `HighlightAll=true,StartSel=${START},StopSel=${STOP}`;

export interface Segment {
  text: string;
  match: boolean;
}

/**
 * ts_headline's output (marked with control characters that were removed from the body first) as segments a
 * client renders as text: no HTML is ever produced, so a message cannot inject markup into the dashboard.
 */
export function toSegments(marked: string, substring: string | null): Segment[] {
  const segments: Segment[] = [];
  let depth = 0;
  let text = '';
  const flush = () => {
    if (!text) return;
    const match = depth > 0;
    const last = segments.at(-1);
    if (last && last.match === match) last.text += text;
    else segments.push({ text, match });
    text = '';
  };
  for (const ch of marked) {
    if (ch === START) {
      flush();
      depth++;
    } else if (ch === STOP) {
      flush();
      depth = Math.max(0, depth - 1);
    } else text += ch;
  }
  flush();
  return substring ? markSubstring(segments, substring) : segments;
}

/** Lower case without accents, one output character per input character (so indexes map back). */
function fold(text: string): string {
  return Array.from(text, (c) => {
    const f = c.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    return f.length === 1 ? f : c;
  }).join('');
}

/** Marks the trigram match (a partial word or number) inside the unmarked text, accent- and case-blind. */
function markSubstring(segments: Segment[], substring: string): Segment[] {
  const needle = fold(substring);
  if (!needle) return segments;
  const out: Segment[] = [];
  for (const segment of segments) {
    if (segment.match) {
      out.push(segment);
      continue;
    }
    const chars = Array.from(segment.text);
    const folded = fold(segment.text);
    const foldedChars = Array.from(folded);
    if (foldedChars.length !== chars.length) {
      out.push(segment);
      continue;
    }
    const haystack = foldedChars.join('');
    let from = 0;
    let index = haystack.indexOf(needle, from);
    if (index < 0) {
      out.push(segment);
      continue;
    }
    // Indexes are over code units of the folded string, which has the same code units per character as
    // `chars` only when every character folded to itself or one BMP letter: slice by characters instead.
    const unitToChar: number[] = [];
    foldedChars.forEach((c, i) => {
      for (let u = 0; u < c.length; u++) unitToChar.push(i);
    });
    unitToChar.push(foldedChars.length);
    while (index >= 0) {
      const start = unitToChar[index] ?? chars.length;
      const end = unitToChar[index + needle.length] ?? chars.length;
      const before = chars.slice(unitToChar[from] ?? chars.length, start).join('');
      if (before) out.push({ text: before, match: false });
      out.push({ text: chars.slice(start, end).join(''), match: true });
      from = index + needle.length;
      index = haystack.indexOf(needle, from);
    }
    const rest = chars.slice(unitToChar[from] ?? chars.length).join('');
    if (rest) out.push({ text: rest, match: false });
  }
  return out;
}
