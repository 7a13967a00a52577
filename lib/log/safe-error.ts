/**
 * What is kept of an error in a log line: type, message, PostgreSQL's code, stack and cause, with the values
 * a query carried cut out. Drizzle's query errors read "Failed query: <sql>\nparams: <values>", and
 * PostgreSQL's data errors (class 22) quote the offending input ('invalid input syntax for type integer:
 * "…"'); either can be a message body, a password hash or a webhook secret.
 */
const PARAMS = /\nparams: [\s\S]*?(?=\n\s+at |$)/g;
const QUOTED = /"(?:[^"\\]|\\.)*"/g;

export function scrubParams(text: string): string {
  return text.replace(PARAMS, '\nparams: [redacted]');
}

export interface SafeError {
  type: string;
  message: string;
  code?: string;
  stack?: string;
  cause?: SafeError | string;
}

export function safeError(value: unknown, depth = 0): SafeError | string {
  if (!(value instanceof Error)) return scrubParams(String(value));
  const code = (value as { code?: unknown }).code;
  const dataError = typeof code === 'string' && code.startsWith('22');
  const scrub = (text: string) => {
    const cut = scrubParams(text);
    return dataError ? cut.replace(QUOTED, '"[redacted]"') : cut;
  };
  const out: SafeError = { type: value.name, message: scrub(value.message) };
  if (typeof code === 'string') out.code = code;
  if (value.stack) out.stack = scrub(value.stack);
  if (value.cause !== undefined && depth < 3) out.cause = safeError(value.cause, depth + 1);
  return out;
}
