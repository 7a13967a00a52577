/** A stand-in origin: only whether the parsed URL stays on it matters, not what it is. */
const SITE = 'https://tuki.invalid';

/**
 * Where to go after signing in: a path on this site, or `/`. The value is parsed as a URL against the site
 * origin, as the browser will, and refused when it leaves it (`//evil`, `/\evil`, `https:…`) or carries a
 * backslash or control character that browsers strip or turn into a slash before they navigate.
 */
export function safeNextPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.length > 2000) return '/';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused.
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return '/';
  let url: URL;
  try {
    url = new URL(value, SITE);
  } catch {
    return '/';
  }
  return url.origin === SITE ? `${url.pathname}${url.search}${url.hash}` : '/';
}
