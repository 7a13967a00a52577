/**
 * Typed domain errors. Verbs throw these; ONE edge helper (lib/api/errors.ts) maps them to HTTP status codes
 * and the `{ error: { code, message, details } }` shape.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFound extends DomainError {
  constructor(message: string, details?: unknown) {
    super('not_found', message, details);
  }
}

export class Conflict extends DomainError {
  constructor(message: string, details?: unknown) {
    super('conflict', message, details);
  }
}

export class Invalid extends DomainError {
  constructor(message: string, details?: unknown) {
    super('invalid', message, details);
  }
}

export class Forbidden extends DomainError {
  constructor(message = 'You are not allowed to do this.', details?: unknown) {
    super('forbidden', message, details);
  }
}

export class Unauthorized extends DomainError {
  constructor(message = 'Sign in or send a valid API key.', details?: unknown) {
    super('unauthorized', message, details);
  }
}

export class RateLimited extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    message = 'Too many requests; try again later.',
  ) {
    super('rate_limited', message, { retryAfterSeconds });
  }
}
