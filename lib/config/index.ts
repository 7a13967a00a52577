import { z } from 'zod';
import { isValidTrustedProxies } from '../net/client-ip';
import { isValidNetworkList } from '../net/networks';

/**
 * Every environment variable the product reads, validated once. A missing or malformed variable stops the
 * process with one line per variable naming it and what is expected. Documented in the README.
 */
const bool01 = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');
const port = z.coerce.number().int().min(1).max(65535);
const seconds = z.coerce.number().int().min(1).max(86_400);
const postgresUrl = z.string().regex(/^postgres(ql)?:\/\/\S+$/);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: postgresUrl.optional(),
  PORT: port.default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('.data'),
  EMBEDDED_PG_PORT: port.default(54329),
  AUTH_SECRET: z.string().min(32).optional(),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(10).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WA_DRIVER: z.enum(['webjs', 'fake']).default('webjs'),
  WA_SESSION: z
    .string()
    .regex(/^[-_A-Za-z0-9]{1,64}$/)
    .default('default'),
  CHROME_PATH: z.string().min(1).optional(),
  FAKE_WA_PORT: port.default(3101),
  FAKE_WA_TOKEN: z.string().min(16).max(256).optional(),
  WORKER_HEARTBEAT_SECONDS: seconds.default(5),
  WORKER_STALE_SECONDS: seconds.default(30),
  WORKER_LEASE_SECONDS: seconds.default(10),
  WORKER_MAX_SESSIONS: z.coerce.number().int().min(1).max(64).default(4),
  WA_READY_TIMEOUT_SECONDS: seconds.default(180),
  WA_WATCHDOG_SECONDS: seconds.default(60),
  WA_MAX_RESTARTS: z.coerce.number().int().min(1).max(100).default(5),
  CHROMIUM_SANDBOX: bool01.default(false),
  WA_TAKEOVER_ON_CONFLICT: bool01.default(false),
  CHROMIUM_MAX_RSS_MB: z.coerce.number().int().min(200).max(65_536).default(1500),
  FAKE_WA_QR_ROTATE_SECONDS: seconds.default(20),
  INGEST_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(1000),
  INGEST_BATCH_MS: z.coerce.number().int().min(1).max(10_000).default(20),
  INGEST_BUFFER_CAPACITY: z.coerce.number().int().min(1000).max(5_000_000).default(200_000),
  BACKFILL_MAX_PER_CHAT: z.coerce.number().int().min(10).max(100_000).default(2000),
  INBOUND_WEBHOOK_SECRET: z.string().min(32).optional(),
  DEMO_SEED: bool01.default(false),
  METRICS_TOKEN: z.string().min(16).optional(),
  WORKER_METRICS_PORT: port.optional(),
  WORKER_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  SSE_RECHECK_SECONDS: seconds.default(30),
  PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  TRUSTED_PROXIES: z.string().refine(isValidTrustedProxies).optional(),
  WEBHOOK_ALLOW_HTTP: bool01.optional(),
  WEBHOOK_SECRETS_KEY: z.string().min(32).optional(),
  WEBHOOK_ALLOWED_NETWORKS: z.string().refine(isValidNetworkList).optional(),
  // 256 at most: whatsapp-web.js hands a file over as ONE base64 string (V8 caps strings near 512 M characters)
  // and an upload is held a few times over in memory; PostgreSQL's bytea stops at 1 GB.
  MEDIA_MAX_MB: z.coerce.number().int().min(1).max(256).default(16),
  MEDIA_DOWNLOAD_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  MEDIA_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(0),
  MEDIA_STORAGE: z.enum(['postgres', 's3']).default('postgres'),
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ENDPOINT: z.url().optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: bool01.default(false),
  S3_PREFIX: z.string().max(200).default('media/'),
  /** Where people and receivers reach the web app; webhook media links are made absolute with it. */
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, abort: true })
    .refine((v) => {
      const u = new URL(v);
      // On the text, not the parsed URL: `https://x.cl?` parses with an empty search (and `#` an empty hash,
      // `https://@x.cl` empty credentials), yet links made by appending a path to it would be broken.
      return !/[?#]/.test(v) && !/^[^/]*\/\/[^/]*@/.test(v) && !u.username && !u.password;
    })
    .transform((v) => v.replace(/\/+$/, ''))
    .optional(),
});

export type Config = z.infer<typeof schema>;

/** What each variable must look like, in the words the error line uses. */
const EXPECTED: Record<keyof Config, string> = {
  NODE_ENV: 'one of development, production, test',
  DATABASE_URL: 'a postgres:// or postgresql:// connection URL',
  PORT: 'a port number from 1 to 65535',
  HOST: 'a host name or address to listen on',
  DATA_DIR: 'a directory path',
  EMBEDDED_PG_PORT: 'a port number from 1 to 65535',
  AUTH_SECRET: 'at least 32 characters (e.g. `openssl rand -base64 32`)',
  ADMIN_EMAIL: 'an email address',
  ADMIN_PASSWORD: 'at least 10 characters',
  LOG_LEVEL: 'one of fatal, error, warn, info, debug, trace, silent',
  WA_DRIVER: 'one of webjs, fake',
  WA_SESSION: 'letters, digits, - and _ only (1-64 characters)',
  CHROME_PATH: 'the path of a Chromium or Chrome executable',
  FAKE_WA_PORT: 'a port number from 1 to 65535',
  FAKE_WA_TOKEN: 'at least 16 characters',
  WORKER_HEARTBEAT_SECONDS: 'a whole number of seconds from 1 to 86400',
  WORKER_STALE_SECONDS: 'a whole number of seconds from 1 to 86400',
  WORKER_LEASE_SECONDS: 'a whole number of seconds from 1 to 86400',
  WORKER_MAX_SESSIONS: 'a whole number of WhatsApp numbers from 1 to 64 (each Chromium takes 300-500 MB)',
  WA_READY_TIMEOUT_SECONDS: 'a whole number of seconds from 1 to 86400',
  WA_WATCHDOG_SECONDS: 'a whole number of seconds from 1 to 86400',
  WA_MAX_RESTARTS: 'a whole number from 1 to 100',
  CHROMIUM_SANDBOX: 'one of 0, 1, true, false',
  WA_TAKEOVER_ON_CONFLICT: 'one of 0, 1, true, false',
  CHROMIUM_MAX_RSS_MB: 'a whole number of megabytes from 200 to 65536',
  FAKE_WA_QR_ROTATE_SECONDS: 'a whole number of seconds from 1 to 86400',
  INGEST_BATCH_SIZE: 'a whole number from 1 to 10000',
  INGEST_BATCH_MS: 'a whole number of milliseconds from 1 to 10000',
  INGEST_BUFFER_CAPACITY: 'a whole number from 1000 to 5000000',
  BACKFILL_MAX_PER_CHAT: 'a whole number from 10 to 100000',
  DEMO_SEED: 'one of 0, 1, true, false',
  INBOUND_WEBHOOK_SECRET:
    'at least 32 characters, shared with the WhatsApp gateway (e.g. `openssl rand -hex 32`)',
  METRICS_TOKEN: 'at least 16 characters, the bearer token Prometheus sends (e.g. `openssl rand -hex 24`)',
  WORKER_METRICS_PORT: 'a port number from 1 to 65535',
  WORKER_METRICS_HOST: 'an address for the worker metrics endpoint to listen on',
  SSE_RECHECK_SECONDS: 'a whole number of seconds from 1 to 86400',
  PASSWORD_HASH_CONCURRENCY: 'a whole number from 1 to 64',
  TRUSTED_PROXIES:
    'comma-separated proxy IPs/CIDRs whose X-Forwarded-For entries to believe, or a hop count (e.g. `10.0.0.0/8` or `1`)',
  WEBHOOK_ALLOW_HTTP: 'one of 0, 1, true, false',
  WEBHOOK_SECRETS_KEY:
    'at least 32 characters, the same on every web and worker process (e.g. `openssl rand -base64 32`)',
  WEBHOOK_ALLOWED_NETWORKS: 'comma-separated IP addresses or CIDRs (e.g. `10.0.0.0/8,127.0.0.1`)',
  MEDIA_MAX_MB: 'a whole number of megabytes from 1 to 2048',
  MEDIA_DOWNLOAD_CONCURRENCY: 'a whole number from 1 to 16',
  MEDIA_RETENTION_DAYS: 'a whole number of days from 0 (keep forever) to 36500',
  MEDIA_STORAGE: 'one of postgres, s3',
  S3_BUCKET: 'an S3 bucket name (3-63 characters)',
  S3_REGION: 'an S3 region name (e.g. `us-east-1`)',
  S3_ENDPOINT: 'the URL of an S3-compatible server (e.g. `http://minio:9000`)',
  S3_ACCESS_KEY_ID: 'an access key id',
  S3_SECRET_ACCESS_KEY: 'a secret access key',
  S3_FORCE_PATH_STYLE: 'one of 0, 1, true, false',
  S3_PREFIX: 'a key prefix of at most 200 characters (e.g. `media/`)',
  PUBLIC_URL:
    'the http(s) address the web app is reached at, without query, fragment or credentials (e.g. `https://tuki.example.com`)',
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

function shown(value: unknown): string {
  if (value === undefined) return 'it is not set';
  const text = String(value);
  return `got "${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable (`PORT=`) means "unset", as most deployment tools write it.
  const cleaned = Object.fromEntries(
    Object.keys(schema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]),
  );
  const parsed = schema.safeParse(cleaned);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const key = String(issue.path[0]);
    const isSecret = key.includes('SECRET') || key.includes('PASSWORD') || key.includes('TOKEN');
    return `Configuration error: ${key} must be ${EXPECTED[key as keyof Config]} (${isSecret ? 'value hidden' : shown(cleaned[key])}).`;
  });
  throw new ConfigError(problems);
}

let cached: Config | undefined;
export function getConfig(): Config {
  cached ??= loadConfig();
  return cached;
}

/** Processes that run against an existing database (web, worker, migrate) need the URL; `npm start` provides it. */
export function requireDatabaseUrl(config: Config): string {
  if (!config.DATABASE_URL) {
    throw new ConfigError([
      'Configuration error: DATABASE_URL must be set (postgres://user:pass@host:5432/db); `npm start` sets it for the embedded database.',
    ]);
  }
  return config.DATABASE_URL;
}

/** Entry points call this: print the one-line reasons and exit instead of a stack trace. */
export function exitOnConfigError(error: unknown): never {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
