import type { IncomingMessage, ServerResponse } from 'node:http';
import { inNetworks, isValidNetworkList, type Networks, normalizeAddress, parseNetworks } from './networks';

/**
 * The client address every rate limit and audit row uses. The web server (scripts/web-server.ts) works it out
 * from the socket and writes it here, after removing any value the client sent; route code only reads it.
 */
export const CLIENT_IP_HEADER = 'x-tuki-client-ip';

/** Which `X-Forwarded-For` entries to believe: those added by listed proxies, or by the nearest N hops. */
export type ProxyTrust = { kind: 'networks'; networks: Networks } | { kind: 'hops'; hops: number };

export const isValidTrustedProxies = (value: string) => /^\d{1,2}$/.test(value) || isValidNetworkList(value);

export function proxyTrustFrom(value: string | undefined): ProxyTrust {
  if (value && /^\d{1,2}$/.test(value)) return { kind: 'hops', hops: Number(value) };
  return { kind: 'networks', networks: parseNetworks(value ?? '') };
}

/**
 * Walks from the socket address back through `X-Forwarded-For` (whose LAST entry the nearest proxy wrote) for
 * as long as the hop that wrote the next entry is trusted. With no trusted proxy the answer is the socket
 * address, whatever the client wrote in the header.
 */
export function resolveClientIp(peer: string, forwardedFor: string | undefined, trust: ProxyTrust): string {
  const socket = normalizeAddress(peer) ?? peer;
  const entries = (forwardedFor ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .reverse();
  let client = socket;
  for (let hop = 0; hop < entries.length; hop++) {
    const trusted = trust.kind === 'hops' ? hop < trust.hops : inNetworks(client, trust.networks);
    if (!trusted) break;
    const next = normalizeAddress(entries[hop]!);
    // A garbled entry was written by the client or a broken hop: the last address we could vouch for stands.
    if (!next) break;
    client = next;
  }
  return client;
}

function isTrustedPeer(peer: string, trust: ProxyTrust): boolean {
  return trust.kind === 'hops' ? trust.hops > 0 : inNetworks(peer, trust.networks);
}

/**
 * Wraps the web app's request handler: sets the client address header, and drops the `X-Forwarded-*` headers
 * a client sent directly (Next fills them in from the socket), so neither the address nor the host and scheme
 * that the same-origin check and Auth.js read can be forged past a missing proxy.
 */
export function withClientIp<R extends IncomingMessage, S extends ServerResponse>(
  handle: (request: R, response: S) => unknown,
  trust: ProxyTrust,
): (request: R, response: S) => unknown {
  return (request, response) => {
    const peer = normalizeAddress(request.socket.remoteAddress ?? '') ?? 'unknown';
    const forwarded = request.headers['x-forwarded-for'];
    const chain = Array.isArray(forwarded) ? forwarded.join(',') : forwarded;
    request.headers[CLIENT_IP_HEADER] = resolveClientIp(peer, chain, trust);
    if (!isTrustedPeer(peer, trust))
      for (const name of ['x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port'])
        delete request.headers[name];
    return handle(request, response);
  };
}
