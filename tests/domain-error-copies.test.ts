import { describe, expect, it, vi } from 'vitest';
import { errorResponse } from '../lib/api/errors';
import { Conflict, RateLimited, Unauthorized } from '../lib/errors';

// The web build can hold two copies of lib/errors (the process-wide auth cache throws from one, the error
// edge maps with another): a revoked key must still get 401, not 500.
describe('domain errors thrown by another copy of the module', () => {
  it('map to their own status and are told apart by kind', async () => {
    vi.resetModules();
    const copyPath = '../lib/errors/index.ts?copy';
    const copy = (await import(copyPath)) as typeof import('../lib/errors');
    expect(copy.Unauthorized).not.toBe(Unauthorized);
    const revoked = new copy.Unauthorized('Invalid API key.', { reason: 'invalid_api_key' });
    expect(revoked).toBeInstanceOf(Unauthorized);
    expect(revoked).not.toBeInstanceOf(Conflict);
    expect(errorResponse(revoked).status).toBe(401);
    const limited = errorResponse(new copy.RateLimited(7));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('Retry-After')).toBe('7');
    expect(new RateLimited(1)).toBeInstanceOf(copy.DomainError);
  });
});
