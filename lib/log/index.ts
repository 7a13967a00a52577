import pino, { type Logger } from 'pino';
import { safeError } from './safe-error';

export type { Logger };

/**
 * Keys whose values never reach a log line at any level and at any depth: credentials (also as part of a name,
 * `newPassword`, `webhookSecret`, `accessToken`), and the QR/pairing code (each one links a phone to our
 * number). No code passes message bodies to the logger; `body` is redacted here as a second line of defence.
 */
const SENSITIVE_SUFFIX = /(password|secret|token|authorization|cookie|apikey|pairingcode)$/i;
const SENSITIVE_EXACT = new Set(['key', 'qr', 'body']);
const CENSOR = '[redacted]';
/** Deeper than this, a value is replaced whole: nothing legitimate logs such structures. */
const MAX_DEPTH = 10;

export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_SUFFIX.test(key) || SENSITIVE_EXACT.has(key.toLowerCase());
}

/** A copy with every sensitive key censored, however deep (pino's own redaction only knows fixed paths). */
export function redactDeep(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, depth + 1, seen));
  // Errors go through their serializer (safeError), which keeps only type, message, code and stack.
  if (value instanceof Error || value instanceof Date || Buffer.isBuffer(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value))
    copy[key] = isSensitiveKey(key) ? CENSOR : redactDeep(item, depth + 1, seen);
  return copy;
}

/**
 * Structured JSON logs; pretty when a person is watching a terminal. Errors go under `err` and are reduced
 * to type, message, code and stack with query parameters cut out (a failed query's parameters can be message
 * bodies or password hashes).
 */
export function createLogger(
  name: string,
  level = process.env.LOG_LEVEL ?? 'info',
  /** Where lines go (tests capture them); stdout by default. */
  destination?: pino.DestinationStream,
): Logger {
  const pretty = !destination && process.stdout.isTTY && process.env.NODE_ENV !== 'test';
  const options: pino.LoggerOptions = {
    name,
    level,
    formatters: { log: (object) => redactDeep(object) as Record<string, unknown> },
    serializers: { err: safeError },
    ...(pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' },
          },
        }
      : {}),
  };
  return destination ? pino(options, destination) : pino(options);
}
