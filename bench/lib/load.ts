import autocannon from 'autocannon';
import { type LatencySummary, summarize } from './stats';

export interface LoadResult {
  requestsPerSecond: number;
  requests: number;
  non2xx: number;
  errors: number;
  latencyMs: LatencySummary;
}

/**
 * `connections` concurrent HTTP clients hammering one GET for `seconds` (autocannon). Every response time is
 * kept, so p95 is exact (autocannon's own summary has no p95). `headers()` runs per request: the API benchmark
 * rotates API keys through it, each key being limited to 600 requests a minute.
 */
export async function load(options: {
  url: string;
  connections: number;
  seconds: number;
  headers: () => Record<string, string>;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  let non2xx = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.seconds,
        requests: [
          {
            method: 'GET',
            setupRequest: (request) => ({
              ...request,
              headers: { ...request.headers, ...options.headers() },
            }),
          },
        ],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      if (statusCode < 200 || statusCode > 299) non2xx++;
    });
  });
  return {
    requestsPerSecond: Math.round(latencies.length / options.seconds),
    requests: latencies.length,
    non2xx,
    errors: result.errors + result.timeouts,
    latencyMs: summarize(latencies),
  };
}

/** The same shape measured without HTTP: `concurrency` loops calling `fn` for `seconds`. */
export async function loadDirect(options: {
  concurrency: number;
  seconds: number;
  fn: () => Promise<unknown>;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (performance.now() < deadline) {
        const started = performance.now();
        try {
          await options.fn();
          latencies.push(performance.now() - started);
        } catch {
          errors++;
        }
      }
    }),
  );
  return {
    requestsPerSecond: Math.round(latencies.length / options.seconds),
    requests: latencies.length,
    non2xx: 0,
    errors,
    latencyMs: summarize(latencies),
  };
}
