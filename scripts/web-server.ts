/**
 * The web app's HTTP server (what `npm start` and `npm run start:web` run instead of `next start`): Next's own
 * request handler behind `withClientIp`, so the address rate limits see is the socket's unless TRUSTED_PROXIES
 * says which `X-Forwarded-For` entries to believe. Expects NODE_ENV=production and a built app.
 */
import { createServer } from 'node:http';
import next from 'next';
import { exitOnConfigError, loadConfig } from '../lib/config';
import { proxyTrustFrom, withClientIp } from '../lib/net/client-ip';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  exitOnConfigError(error);
}
const app = next({ dev: false, dir: process.cwd(), hostname: config.HOST, port: config.PORT });
await app.prepare();
const handle = app.getRequestHandler();
const server = createServer(
  withClientIp((req, res) => handle(req, res), proxyTrustFrom(config.TRUSTED_PROXIES)),
);
server.listen(config.PORT, config.HOST, () => {
  console.log(`web listening on http://${config.HOST}:${config.PORT}`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 5000).unref();
  });
