import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Route handlers and pages as the file system declares them, so tests cover every route that exists — a new
 * one is tested the day it is added. No app code is imported here (Playwright uses this too).
 */
export interface RouteFile {
  file: string;
  /** URL pattern with the folder names: /api/v1/superadmin/whatsapp/chats/[id]/messages */
  pattern: string;
  methods: string[];
}

export interface PageFile {
  file: string;
  pattern: string;
}

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Paths that are deliberately open: liveness, health, Auth.js itself, and the webhooks that carry a signature instead. */
export const PUBLIC_ROUTES = ['/api/livez', '/api/health', '/api/auth/[...nextauth]'];
export const SIGNED_ROUTES = [
  '/api/v1/whatsapp/webhook/process-message',
  '/api/v1/whatsapp/webhook/status',
  '/api/v1/whatsapp/webhook/qr',
];
export const PUBLIC_PAGES = ['/login'];
/**
 * Authenticated, but not part of the API (not in the OpenAPI document): the dashboard's live stream, and the
 * Prometheus endpoint (its own bearer token, METRICS_TOKEN).
 */
export const INTERNAL_ROUTES = ['/api/events', '/api/metrics'];

function walk(dir: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) walk(full, found);
    else found.push(full);
  }
  return found;
}

/** app/(dashboard)/chats/[id]/page.tsx → /chats/[id]; route groups in parentheses are not part of the URL. */
function patternOf(file: string, root: string): string {
  const parts = path
    .relative(root, path.dirname(file))
    .split(path.sep)
    .filter((p) => p && !(p.startsWith('(') && p.endsWith(')')));
  return `/${parts.join('/')}`;
}

function exportedMethods(source: string): string[] {
  const methods = new Set<string>();
  for (const m of source.matchAll(
    /export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g,
  ))
    methods.add(m[1]!);
  for (const m of source.matchAll(/export\s+const\s*\{([^}]*)\}/g))
    for (const name of m[1]!.split(',').map((s) => s.trim()))
      if (HTTP_METHODS.includes(name)) methods.add(name);
  return [...methods].sort();
}

export function routeFiles(root = path.resolve('app')): RouteFile[] {
  return walk(root)
    .filter((f) => /[/\\]route\.tsx?$/.test(f))
    .map((file) => ({
      file,
      pattern: patternOf(file, root),
      methods: exportedMethods(readFileSync(file, 'utf8')),
    }))
    .sort((a, b) => a.pattern.localeCompare(b.pattern));
}

export function pageFiles(root = path.resolve('app')): PageFile[] {
  return walk(root)
    .filter((f) => /[/\\]page\.tsx?$/.test(f))
    .map((file) => ({ file, pattern: patternOf(file, root) }))
    .sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/** A concrete URL for a pattern: `[id]` → values.id ?? '1', `[...rest]` → values.rest ?? 'x'. */
export function samplePath(pattern: string, values: Record<string, string> = {}): string {
  return pattern.replace(
    /\[(\.\.\.)?(\w+)\]/g,
    (_, __, name: string) => values[name] ?? (name === 'id' ? '1' : 'x'),
  );
}

/** The route file serving a URL path (trailing slash ignored) and its dynamic params. */
export function matchRoute(routes: RouteFile[], urlPath: string) {
  const parts = urlPath.replace(/\/+$/, '').split('/').filter(Boolean);
  // Like Next: a static segment wins over a dynamic one (…/reservation-requests/export before …/[id]).
  const dynamic = (r: RouteFile) => (r.pattern.match(/\[/g) ?? []).length;
  for (const route of [...routes].sort((a, b) => dynamic(a) - dynamic(b))) {
    const pattern = route.pattern.split('/').filter(Boolean);
    const params: Record<string, string | string[]> = {};
    let ok = true;
    for (let i = 0; i < pattern.length && ok; i++) {
      const seg = pattern[i]!;
      const catchAll = /^\[\.\.\.(\w+)\]$/.exec(seg);
      if (catchAll) {
        params[catchAll[1]!] = parts.slice(i);
        return { route, params };
      }
      const dynamic = /^\[(\w+)\]$/.exec(seg);
      if (dynamic && parts[i] !== undefined) params[dynamic[1]!] = decodeURIComponent(parts[i]!);
      else ok = seg === parts[i];
    }
    if (ok && pattern.length === parts.length) return { route, params };
  }
  return null;
}
