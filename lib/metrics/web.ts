import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { DatabaseMetrics } from './database';

/**
 * The web process's metrics: its own HTTP and SSE figures plus the database gauges. One instance per
 * process, kept on globalThis because Next may evaluate a module once per route bundle (and again on every
 * dev reload), and two registries would each see only part of the traffic.
 */
export interface WebMetrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  sseClients: Gauge;
  database: DatabaseMetrics;
}

const holder = globalThis as unknown as { __tukiWebMetrics?: WebMetrics };

export function webMetrics(): WebMetrics {
  holder.__tukiWebMetrics ??= create();
  return holder.__tukiWebMetrics;
}

function create(): WebMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ process: 'web' });
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'tuki_http_request_duration_seconds',
      help: 'API request duration until the response headers, by route template, method and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    sseClients: new Gauge({
      name: 'tuki_sse_clients',
      help: 'Live dashboard streams (SSE) open on this web process.',
      registers: [registry],
    }),
    database: new DatabaseMetrics(registry),
  };
}

/**
 * The route template of a request (`/api/v1/superadmin/whatsapp/chats/[id]/messages`), built from Next's
 * params so every chat id does not become its own time series. Trailing slashes are dropped: both spellings
 * are the same route.
 */
export function routeTemplate(pathname: string, params: Record<string, string | string[]>): string {
  const names = new Map<string, string>();
  for (const [name, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : [value]) names.set(v, `[${name}]`);
  }
  const segments = pathname.split('/').map((segment) => {
    let decoded = segment;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      // a malformed escape is kept as is
    }
    return names.get(decoded) ?? names.get(segment) ?? segment;
  });
  const template = segments.join('/').replace(/\/+$/, '');
  return template === '' ? '/' : template;
}

export function observeApiRequest(
  labels: { method: string; route: string; status: number },
  seconds: number,
): void {
  webMetrics().httpDuration.observe(
    { method: labels.method, route: labels.route, status: String(labels.status) },
    seconds,
  );
}
