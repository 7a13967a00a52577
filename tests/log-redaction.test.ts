import { describe, expect, it } from 'vitest';
import { createLogger } from '../lib/log';

describe('log redaction', () => {
  it('censors credentials and codes at every depth, also inside arrays and under longer names', () => {
    const lines: string[] = [];
    const log = createLogger('test', 'info', { write: (line: string) => void lines.push(line) });
    log.info(
      {
        request: { headers: { Authorization: 'Bearer tuki_deep', cookie: 'authjs.session-token=abc' } },
        job: { payload: { user: { newPassword: 'deep-password-1' } } },
        endpoints: [{ url: 'https://x.example', webhookSecret: 'whsec_deep' }],
        a: { b: { c: { d: { e: { token: 'five-levels-down' } } } } },
        session: { pairingCode: 'ABCD-1234', qr: '2@deepqr' },
        keep: { name: 'Ventas', secretHint: 'whsec_…abcd' },
      },
      'deep',
    );
    const text = lines.join('');
    for (const secret of [
      'tuki_deep',
      'session-token=abc',
      'deep-password-1',
      'whsec_deep',
      'five-levels-down',
      'ABCD-1234',
      '2@deepqr',
    ])
      expect(text, secret).not.toContain(secret);
    expect(text).toContain('"name":"Ventas"');
    expect(text).toContain('[redacted]');
  });

  it('survives circular structures', () => {
    const lines: string[] = [];
    const log = createLogger('test', 'info', { write: (line: string) => void lines.push(line) });
    const loop: Record<string, unknown> = { name: 'loop', password: 'circular-pw' };
    loop.self = loop;
    log.info({ loop }, 'circular');
    expect(lines.join('')).not.toContain('circular-pw');
    expect(lines.join('')).toContain('[circular]');
  });
});
