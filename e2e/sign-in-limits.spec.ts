import { type Browser, expect, test } from '@playwright/test';
import { ADMIN, signIn } from './support';

/**
 * Each context pretends to come from its own address: the e2e server trusts loopback as a proxy
 * (TRUSTED_PROXIES=127.0.0.1, scripts/e2e-server.ts), so the limits tripped here do not lock the other specs
 * out of 127.0.0.1.
 */
async function from(browser: Browser, ip: string) {
  const context = await browser.newContext({
    extraHTTPHeaders: { 'x-forwarded-for': ip, origin: `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}` },
  });
  return { context, page: await context.newPage() };
}

async function attempt(page: import('@playwright/test').Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Correo electrónico').fill(email);
  await page.getByLabel('Contraseña').fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
}

test('five failures for an account hold that address back, but the owner elsewhere still gets in', async ({
  browser,
}) => {
  const { context, page } = await from(browser, '203.0.113.41');
  for (let i = 0; i < 5; i++) {
    await attempt(page, ADMIN.email, `wrong-password-${i}`);
    await expect(page.getByRole('alert').filter({ hasText: 'Correo' })).toHaveText(
      'Correo o contraseña incorrectos.',
    );
  }
  await attempt(page, ADMIN.email, ADMIN.password);
  await expect(page.getByRole('alert').filter({ hasText: 'intentos' })).toHaveText(
    'Demasiados intentos. Espera un minuto y vuelve a intentarlo.',
  );
  await expect(page).toHaveURL(/\/login/);
  await context.close();

  const elsewhere = await from(browser, '203.0.113.42');
  await signIn(elsewhere.page, ADMIN);
  await expect(elsewhere.page).not.toHaveURL(/\/login/);
  await elsewhere.context.close();
});

test('a disabled account is signed out on its next page view', async ({ browser }) => {
  const admin = await from(browser, '203.0.113.51');
  await signIn(admin.page, ADMIN);
  const viewer = { email: 'to-disable@tuki.test', password: 'viewer-password-123' };
  const created = await admin.page.request.post('/api/v1/superadmin/users/', {
    data: { ...viewer, role: 'viewer' },
  });
  expect(created.status()).toBe(201);
  const { user } = (await created.json()) as { user: { id: number } };

  const person = await from(browser, '203.0.113.52');
  await signIn(person.page, viewer);
  await person.page.goto('/');
  await expect(person.page).not.toHaveURL(/\/login/);

  const disabled = await admin.page.request.patch(`/api/v1/superadmin/users/${user.id}/`, {
    data: { disabled: true },
  });
  expect(disabled.status()).toBe(200);
  // The open page may already be on its way to /login (its live stream re-checks the account), which
  // aborts this navigation: either way it must end on the sign-in page.
  await person.page.goto('/').catch((error: Error) => {
    if (!error.message.includes('ERR_ABORTED')) throw error;
  });
  await expect(person.page).toHaveURL(/\/login/);
  expect((await person.page.request.get('/api/v1/superadmin/whatsapp/status/')).status()).toBe(401);
  await admin.context.close();
  await person.context.close();
});
