import { type APIRequestContext, type APIResponse, expect, test } from '@playwright/test';
import {
  PUBLIC_PAGES,
  PUBLIC_ROUTES,
  pageFiles,
  routeFiles,
  SIGNED_ROUTES,
  samplePath,
} from '../tests/support/route-files';
import { ADMIN, signIn } from './support';

/**
 * Every route handler and page found on disk must refuse anonymous visitors (401 JSON for the API, the
 * sign-in page for pages), and every state-changing handler must refuse a viewer (403). A route added
 * tomorrow is covered without touching this file. The documented exceptions: /api/health, Auth.js itself, and
 * the inbound webhooks, which want a signature instead (and refuse anonymous requests with 401 too).
 */
const routes = routeFiles().filter((r) => !PUBLIC_ROUTES.includes(r.pattern));
const pages = pageFiles().filter((p) => !PUBLIC_PAGES.includes(p.pattern));
const MUTATIONS = ['POST', 'PUT', 'PATCH', 'DELETE'];
const VIEWER = { email: 'viewer-e2e@tuki.test', password: 'viewer-password-123' };

/** The original API paths end in a slash; `openapi.json` is a file name and does not. */
const urlOf = (pattern: string) => {
  const path = samplePath(pattern);
  return /\.\w+$/.test(path) ? path : `${path}/`;
};

function send(request: APIRequestContext, method: string, url: string): Promise<APIResponse> {
  return request.fetch(url, { method, data: method === 'GET' ? undefined : {}, maxRedirects: 0 });
}

async function expectError(response: APIResponse, status: number, what: string) {
  expect(response.status(), what).toBe(status);
  expect(response.headers()['content-type'], what).toContain('application/json');
  const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
  expect(typeof body.error?.code, what).toBe('string');
  expect(typeof body.error?.message, what).toBe('string');
}

test('the file system has routes and pages to check', () => {
  expect(routes.length).toBeGreaterThan(20);
  expect(pages.length).toBeGreaterThan(0);
});

test('every API route refuses an anonymous request with 401 and the error shape', async ({ request }) => {
  for (const route of routes)
    for (const method of route.methods) {
      const url = urlOf(route.pattern);
      await expectError(await send(request, method, url), 401, `${method} ${url}`);
    }
});

test('every page sends an anonymous visitor to the sign-in page', async ({ request }) => {
  for (const page of pages) {
    const url = samplePath(page.pattern);
    const res = await request.get(url, { maxRedirects: 0 });
    expect([302, 303, 307], url).toContain(res.status());
    expect(res.headers().location, url).toMatch(/\/login/);
  }
});

test('a viewer created through the superadmin API reads, and gets 403 on every change', async ({
  browser,
}) => {
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, ADMIN);
  const created = await admin.request.post('/api/v1/superadmin/users/', {
    data: { email: VIEWER.email, password: VIEWER.password, role: 'viewer' },
  });
  expect([201, 409]).toContain(created.status());
  await adminContext.close();

  const viewerContext = await browser.newContext();
  const viewer = await viewerContext.newPage();
  await signIn(viewer, VIEWER);
  expect((await viewer.request.get('/api/v1/superadmin/whatsapp/status/')).status()).toBe(200);
  for (const route of routes.filter((r) => !SIGNED_ROUTES.includes(r.pattern)))
    for (const method of route.methods.filter((m) => MUTATIONS.includes(m))) {
      const url = urlOf(route.pattern);
      await expectError(await send(viewer.request, method, url), 403, `viewer ${method} ${url}`);
    }
  // Reading the QR is a credential: refused too.
  await expectError(await viewer.request.get('/api/v1/superadmin/whatsapp/qr/'), 403, 'viewer QR');
  await viewerContext.close();
});

test('the original paths answer with and without the trailing slash, never with a redirect', async ({
  page,
}) => {
  await signIn(page, ADMIN);
  for (const path of [
    '/api/v1/superadmin/whatsapp/status/',
    '/api/v1/superadmin/whatsapp/status',
    '/api/v1/superadmin/whatsapp/chats/',
    '/api/v1/superadmin/whatsapp/groups',
    '/api/v1/superadmin/whatsapp/experiences/',
    '/api/v1/superadmin/whatsapp/operators/',
  ]) {
    const res = await page.request.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBe(200);
  }
});

test('pages carry the security headers, and the CSP does not block the app’s own scripts', async ({
  page,
}) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  const res = await page.goto('/login');
  const headers = res!.headers();
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(headers['x-powered-by']).toBeUndefined();
  await signIn(page, ADMIN);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(violations).toEqual([]);
});

test('scripts run by nonce only: a fresh nonce per response and no unsafe-inline', async ({
  page,
  request,
}) => {
  const policies = await Promise.all([request.get('/login'), request.get('/login')]).then((responses) =>
    responses.map((r) => r.headers()['content-security-policy'] ?? ''),
  );
  const scriptSrc = (policy: string) =>
    policy.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
  for (const policy of policies) {
    expect(scriptSrc(policy)).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
    expect(scriptSrc(policy)).not.toContain('unsafe-inline');
  }
  expect(policies[0]).not.toBe(policies[1]);
  // An inline script without the nonce, slipped into the page as served (same headers), is refused by the
  // browser. (A script appended from page.evaluate would not do: DevTools evaluation is exempt from the CSP.)
  await page.route('**/login', async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace(
      '</head>',
      '<script>window.__injected = true;</script></head>',
    );
    await route.fulfill({ response, body: html });
  });
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: 'Iniciar sesión' })).toBeVisible();
  const ran = await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected === true);
  expect(ran).toBe(false);
});

test('HSTS is sent over https (as a trusted proxy reports it), not over plain http', async ({ request }) => {
  const plain = await request.get('/login');
  expect(plain.headers()['strict-transport-security']).toBeUndefined();
  const secure = await request.get('/login', { headers: { 'x-forwarded-proto': 'https' } });
  expect(secure.headers()['strict-transport-security']).toContain('max-age=');
});

test('a cookie-authenticated change without Origin is refused', async ({ page, playwright, baseURL }) => {
  await signIn(page, ADMIN);
  const cookies = await page.context().cookies();
  // extraHTTPHeaders: {} drops the Origin the config gives every request context (playwright.config.ts).
  const bare = await playwright.request.newContext({
    baseURL,
    storageState: { cookies, origins: [] },
    extraHTTPHeaders: {},
  });
  const res = await bare.post('/api/v1/superadmin/whatsapp/sync/', { data: {} });
  await expectError(res, 403, 'POST without Origin');
  await bare.dispose();
});

test('a viewer changes their own password under Mi cuenta and signs in with the new one', async ({
  browser,
}) => {
  const person = { email: 'own-password@tuki.test', password: 'viewer-password-123' };
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, ADMIN);
  const created = await admin.request.post('/api/v1/superadmin/users/', {
    data: { ...person, role: 'viewer' },
  });
  expect([201, 409]).toContain(created.status());
  await adminContext.close();

  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, person);
  await page.goto('/account');
  await page.getByLabel('Contraseña actual').fill('not-the-password');
  await page.getByLabel('Nueva contraseña (mínimo 10 caracteres)').fill('a-brand-new-password-9');
  await page.getByLabel('Repite la nueva contraseña').fill('a-brand-new-password-9');
  await page.getByRole('button', { name: 'Cambiar contraseña' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'actual' })).toHaveText(
    'La contraseña actual no es correcta.',
  );

  await page.getByLabel('Contraseña actual').fill(person.password);
  await page.getByLabel('Nueva contraseña (mínimo 10 caracteres)').fill('a-brand-new-password-9');
  await page.getByLabel('Repite la nueva contraseña').fill('a-brand-new-password-9');
  await page.getByRole('button', { name: 'Cambiar contraseña' }).click();
  await expect(page).toHaveURL(/\/login\?changed=1/);
  await expect(page.getByRole('status')).toHaveText('Contraseña cambiada. Entra con la nueva.');
  await signIn(page, { email: person.email, password: 'a-brand-new-password-9' });
  await expect(page).not.toHaveURL(/\/login/);
  await context.close();
});
