import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { resolveTarget, type TargetPolicy, TargetRefused } from './target';

/**
 * What an attempt leaves in the delivery row: the status code and a short error class. Never the receiver's
 * body or the raw connection error: those rows are readable with any read key, and a body or an error text is
 * how a forged request would read back what it reached.
 */
export type PostOutcome = { ok: true; status: number } | { ok: false; status: number | null; error: string };

export interface PostInit {
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  policy: TargetPolicy;
}

/**
 * One POST to a checked address. Redirects are not followed (a 3xx is a failure: following it would send the
 * event and its signature somewhere unvetted), the response body is not read.
 */
export async function postWebhook(url: string, init: PostInit): Promise<PostOutcome> {
  const target = new URL(url);
  let pinned: { address: string; family: 4 | 6 };
  try {
    pinned = await resolveTarget(target, init.policy);
  } catch (error) {
    if (error instanceof TargetRefused) return { ok: false, status: null, error: error.errorClass };
    throw error;
  }
  // Node asks this instead of DNS when it connects: the answer is the address that was checked.
  const lookup = ((_host, options, callback) => {
    if (options.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  }) as LookupFunction;
  const send = target.protocol === 'https:' ? https.request : http.request;
  return new Promise<PostOutcome>((resolve) => {
    const request = send(
      target,
      {
        method: 'POST',
        headers: { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) },
        lookup,
        agent: false,
        signal: AbortSignal.timeout(init.timeoutMs),
      },
      (response) => {
        const status = response.statusCode ?? 0;
        response.destroy();
        if (status >= 200 && status < 300) resolve({ ok: true, status });
        else resolve({ ok: false, status, error: status >= 300 && status < 400 ? 'redirect' : 'http_error' });
      },
    );
    request.on('error', (error) => resolve({ ok: false, status: null, error: networkErrorClass(error) }));
    request.end(init.body);
  });
}

function networkErrorClass(error: Error & { code?: string }): string {
  if (error.name === 'AbortError' || error.name === 'TimeoutError') return 'timeout';
  const code = error.code ?? '';
  if (code === 'ECONNREFUSED') return 'connection_refused';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'connection_reset';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'unreachable';
  if (/^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED)/.test(code)) return 'tls_failed';
  return 'network_error';
}
