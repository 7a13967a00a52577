import { type NextRequest, NextResponse } from 'next/server';

/**
 * Security headers that depend on the request. Every page gets a Content-Security-Policy whose scripts must
 * carry this response's nonce (Next adds it to its own scripts when it sees the policy on the request), so an
 * injected inline script does not run; `'strict-dynamic'` lets those scripts load Next's chunks. Over https
 * (the socket, or a trusted proxy's X-Forwarded-Proto: see lib/net/client-ip.ts) browsers are also told to
 * keep using https (HSTS). Authorization is not done here: every route and page checks its own caller.
 *
 * API routes (JSON, media with their own sandbox policy) are not matched: a nonce means nothing to them, and
 * running the proxy cost Next a second routing pass, a copy of every header and a buffered request body on
 * each call — about a third of a request's CPU on the cheapest endpoints (bench:api). next.config.mjs gives
 * them HSTS. Auth.js's routes stay matched: they can answer with HTML.
 */
export function proxy(request: NextRequest) {
  const nonce = btoa(crypto.randomUUID());
  const policy = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "font-src 'self' data:",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  headers.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', policy);
  const https = request.nextUrl.protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
  if (https) response.headers.set('strict-transport-security', 'max-age=63072000; includeSubDomains');
  return response;
}

export const config = {
  // Static files carry no inline scripts, prefetches reuse the page's policy, and API routes answer JSON.
  matcher: [
    {
      source: '/((?!_next/static|_next/image|favicon.ico|api/(?!auth/)).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
