import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics } from 'prom-client';
import { type Config, ConfigError } from '../../lib/config';
import type { Logger } from '../../lib/log';
import { metricsAccess } from '../../lib/metrics/access';
import { reportFailure } from './failures';
import { workerRegistry } from './ingest-metrics';

/**
 * `GET /metrics` of the worker on WORKER_METRICS_HOST:WORKER_METRICS_PORT (off unless the port is set), with
 * the same bearer token as the web app's /api/metrics. Prometheus scrapes both: the web app for HTTP, SSE and
 * database gauges, each worker for its ingest figures and process memory.
 */
export async function startWorkerMetrics(config: Config, log: Logger): Promise<Server | undefined> {
  if (config.WORKER_METRICS_PORT === undefined) return undefined;
  if (!config.METRICS_TOKEN) {
    throw new ConfigError([
      'Configuration error: WORKER_METRICS_PORT needs METRICS_TOKEN (the bearer token Prometheus sends).',
    ]);
  }
  collectDefaultMetrics({ register: workerRegistry });
  const token = config.METRICS_TOKEN;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404).end('Not found\n');
      return;
    }
    if (metricsAccess(req.headers.authorization, token) !== 'allowed') {
      res.writeHead(401, { 'WWW-Authenticate': 'Bearer' }).end('Unauthorized\n');
      return;
    }
    workerRegistry
      .metrics()
      .then((text) => res.writeHead(200, { 'Content-Type': workerRegistry.contentType }).end(text))
      .catch((error: unknown) => {
        reportFailure(log, 'metrics', error, 'could not render the worker metrics');
        res.writeHead(500).end('metrics failed\n');
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.WORKER_METRICS_PORT, config.WORKER_METRICS_HOST, () => resolve());
  });
  server.unref();
  log.info(
    { host: config.WORKER_METRICS_HOST, port: config.WORKER_METRICS_PORT },
    'worker metrics listening on /metrics',
  );
  return server;
}
