import { expect, test } from '@playwright/test';
import { ADMIN, screenshot, signIn } from './support';

test('health answers 200 with the worker alive and migrations current', async ({ request }) => {
  const res = await request.get('/api/health');
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body).toMatchObject({
    ok: true,
    database: { ok: true },
    migrations: { ok: true },
    worker: { ok: true },
  });
  expect(JSON.stringify(body)).not.toMatch(/password|secret/i);
});

test('an anonymous visitor is sent to the sign-in page', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole('heading', { name: 'Iniciar sesión' })).toBeVisible();
  await screenshot(page, 'login');
});

test('a wrong password is refused with a generic message', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Correo electrónico').fill(ADMIN.email);
  await page.getByLabel('Contraseña').fill('not-the-password');
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Correo' })).toHaveText(
    'Correo o contraseña incorrectos.',
  );
  await expect(page).toHaveURL(/\/login/);
});

test('the superadmin signs in, sees the shell and signs out', async ({ page }) => {
  await signIn(page);
  await expect(page.getByRole('heading', { name: 'Resumen', level: 1 })).toBeVisible();
  await expect(page.getByText(ADMIN.email)).toBeVisible();
  await screenshot(page, 'overview');

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Español' }).click();
  await expect(page.getByRole('heading', { name: 'Resumen', level: 1 })).toBeVisible();

  await page.getByRole('button', { name: 'Cerrar sesión' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
});
