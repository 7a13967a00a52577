import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../lib/config';
import {
  CLIENT_IP_HEADER,
  type ProxyTrust,
  proxyTrustFrom,
  resolveClientIp,
  withClientIp,
} from '../lib/net/client-ip';

const NONE = proxyTrustFrom(undefined);

describe('client address behind (or without) proxies', () => {
  it('without TRUSTED_PROXIES a client cannot choose its address with X-Forwarded-For', () => {
    expect(resolveClientIp('203.0.113.5', '1.2.3.4', NONE)).toBe('203.0.113.5');
    expect(resolveClientIp('::ffff:203.0.113.5', '1.2.3.4, 5.6.7.8', NONE)).toBe('203.0.113.5');
  });

  it('believes entries only as far back as the hops are trusted proxies', () => {
    const trust = proxyTrustFrom('10.0.0.0/8');
    // client → (forges "1.1.1.1") → proxy 10.0.0.2 → proxy 10.0.0.1 → us
    expect(resolveClientIp('10.0.0.1', '1.1.1.1, 198.51.100.9, 10.0.0.2', trust)).toBe('198.51.100.9');
    expect(resolveClientIp('198.51.100.20', '1.1.1.1', trust)).toBe('198.51.100.20');
    expect(resolveClientIp('10.0.0.1', 'not-an-ip', trust)).toBe('10.0.0.1');
  });

  it('a hop count trusts that many proxies whatever their addresses', () => {
    const trust: ProxyTrust = proxyTrustFrom('1');
    expect(resolveClientIp('172.18.0.3', '1.1.1.1, 198.51.100.9', trust)).toBe('198.51.100.9');
    expect(loadConfig({ TRUSTED_PROXIES: '2' }).TRUSTED_PROXIES).toBe('2');
    expect(() => loadConfig({ TRUSTED_PROXIES: 'everyone' })).toThrow(/TRUSTED_PROXIES/);
  });

  describe('the web server wrapper', () => {
    let server: Server;
    let url: string;
    let seen: IncomingHttpHeaders = {};
    let trust: ProxyTrust = NONE;
    beforeAll(async () => {
      server = createServer((req, res) =>
        withClientIp((request: typeof req) => {
          seen = { ...request.headers };
          res.end('ok');
        }, trust)(req, res),
      );
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('replaces a forged address header and drops forwarded headers from an untrusted peer', async () => {
      trust = NONE;
      await fetch(url, {
        headers: {
          [CLIENT_IP_HEADER]: '8.8.8.8',
          'x-forwarded-for': '9.9.9.9',
          'x-forwarded-host': 'evil.example',
        },
      });
      expect(seen[CLIENT_IP_HEADER]).toBe('127.0.0.1');
      expect(seen['x-forwarded-for']).toBeUndefined();
      expect(seen['x-forwarded-host']).toBeUndefined();
    });

    it('keeps what a trusted proxy forwarded', async () => {
      trust = proxyTrustFrom('127.0.0.1');
      await fetch(url, { headers: { 'x-forwarded-for': '198.51.100.4', 'x-forwarded-proto': 'https' } });
      expect(seen[CLIENT_IP_HEADER]).toBe('198.51.100.4');
      expect(seen['x-forwarded-proto']).toBe('https');
    });
  });
});
