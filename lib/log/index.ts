import pino, { type Logger } from 'pino';
import { safeError } from './safe-error';

export type { Logger };

/**
 * Keys whose values never reach a log line at any level: credentials, and the QR/pairing code (each one
 * links a phone to our number). No code passes message bodies to the logger; `body` is redacted here as a
 * second line of defence.
 */
const REDACTED = [
  'password',
  'secret',
  'token',
  'authorization',
  'cookie',
  'apiKey',
  'key',
  'qr',
  'pairingCode',
  'body',
].flatMap((key) => [key, `*.${key}`]);

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
    redact: { paths: [...REDACTED, 'headers.cookie', 'headers.authorization'], censor: '[redacted]' },
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
