/**
 * Typed domain errors. Verbs throw these; ONE edge helper (lib/api/errors.ts) maps them to HTTP status codes
 * and the `{ error: { code, message, details } }` shape.
 */
// The web build can load this module more than once (one copy per server bundle; the process-wide auth cache
// is created by one and called from others), and an error thrown by one copy must still be recognised by
// another copy's `instanceof` at the error edge: each instance carries a global brand listing its kinds.
const KINDS = Symbol.for('tuki.domain-error.kinds');

function kindsOf(target: unknown): string[] {
  const kinds: string[] = [];
  for (let c = target as { kind?: string } | null; c && c.kind; c = Object.getPrototypeOf(c)) {
    if (!kinds.includes(c.kind)) kinds.push(c.kind);
  }
  return kinds;
}

export class DomainError extends Error {
  static readonly kind: string = 'DomainError';

  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
    Object.defineProperty(this, KINDS, { value: kindsOf(new.target) });
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    const kinds = (value as { [KINDS]?: unknown } | null)?.[KINDS];
    return Array.isArray(kinds) && kinds.includes(this.kind);
  }
}

export class NotFound extends DomainError {
  static override readonly kind: string = 'NotFound';
  constructor(message: string, details?: unknown) {
    super('not_found', message, details);
  }
}

export class Conflict extends DomainError {
  static override readonly kind: string = 'Conflict';
  constructor(message: string, details?: unknown) {
    super('conflict', message, details);
  }
}

export class Invalid extends DomainError {
  static override readonly kind: string = 'Invalid';
  constructor(message: string, details?: unknown) {
    super('invalid', message, details);
  }
}

/** Content over a configured limit (a file to send bigger than MEDIA_MAX_MB). */
export class TooLarge extends DomainError {
  static override readonly kind: string = 'TooLarge';
  constructor(message: string, details?: unknown) {
    super('payload_too_large', message, details);
  }
}

/** Content of a type that is not accepted (a file whose bytes are not on the sendable list). */
export class UnsupportedType extends DomainError {
  static override readonly kind: string = 'UnsupportedType';
  constructor(message: string, details?: unknown) {
    super('unsupported_media_type', message, details);
  }
}

export class Forbidden extends DomainError {
  static override readonly kind: string = 'Forbidden';
  constructor(message = 'You are not allowed to do this.', details?: unknown) {
    super('forbidden', message, details);
  }
}

export class Unauthorized extends DomainError {
  static override readonly kind: string = 'Unauthorized';
  constructor(message = 'Sign in or send a valid API key.', details?: unknown) {
    super('unauthorized', message, details);
  }
}

export class RateLimited extends DomainError {
  static override readonly kind: string = 'RateLimited';
  constructor(
    readonly retryAfterSeconds: number,
    message = 'Too many requests; try again later.',
  ) {
    super('rate_limited', message, { retryAfterSeconds });
  }
}
