/**
 * What each child process may see of the environment. The worker renders hostile content in Chromium, so
 * Chromium gets only what it needs to run (no database URL, no tokens), and the worker itself never gets the
 * web app's session-signing secret.
 */

/** Enough for Chromium to start, find fonts and write its profile; nothing that authenticates anywhere. */
const BROWSER_VARIABLES = [
  'PATH',
  'HOME',
  'TMPDIR',
  'LANG',
  'LANGUAGE',
  'LC_ALL',
  'LC_CTYPE',
  'TZ',
  'DISPLAY',
  'WAYLAND_DISPLAY',
  'XDG_RUNTIME_DIR',
  'XDG_CONFIG_HOME',
  'XDG_CACHE_HOME',
  'FONTCONFIG_PATH',
  'FONTCONFIG_FILE',
  'CHROME_DEVEL_SANDBOX',
] as const;

export function browserEnv(env: Record<string, string | undefined>): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of BROWSER_VARIABLES) {
    const value = env[name];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}

/** Only the web app signs and reads session cookies: the worker and the migration run without the secret. */
const WEB_ONLY_VARIABLES = ['AUTH_SECRET', 'AUTH_TRUST_HOST', 'ADMIN_PASSWORD'] as const;

export function withoutWebSecrets<E extends Record<string, string | undefined>>(env: E): E {
  const copy = { ...env };
  for (const name of WEB_ONLY_VARIABLES) delete copy[name];
  return copy;
}
