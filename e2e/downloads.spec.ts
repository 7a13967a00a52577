import { expect, type Page, test } from '@playwright/test';
import { ADMIN, screenshot, signIn } from './support';

/**
 * Code loaded on first use (dialogs, toasts) can fail to download: the connection drops, or a redeploy
 * removed the chunk the open page knows about. The dashboard must get over it without leaving a person
 * with a silently broken page.
 */
async function blockCode(page: Page) {
  const blocked = { on: true };
  await page.route('**/_next/static/chunks/**', (route) => (blocked.on ? route.abort() : route.continue()));
  return blocked;
}

test('a toast still shows after the toast code failed to download once', async ({ page }) => {
  await signIn(page);
  await page.goto('/settings');
  await expect(page.getByRole('button', { name: 'Agregar usuario' })).toBeVisible();
  const blocked = await blockCode(page);
  const failed = page.waitForEvent('requestfailed');
  await page.keyboard.press('Shift'); // the first key press fetches the toast code
  await failed;
  // Still blocked while the toast area mounts and its own download fails too (what React then remembers).
  await page.waitForTimeout(1500);
  blocked.on = false;

  await page.getByLabel('Correo').fill(ADMIN.email);
  await page.getByRole('button', { name: 'Agregar usuario' }).click();
  await expect(page.getByText('Ya existe un usuario con ese correo.')).toBeVisible();
});

test('a dialog whose code failed to download offers a reload, which brings it back', async ({ page }) => {
  await signIn(page);
  await page.goto('/connection');
  await expect(page.getByTestId('numbers-list')).toBeVisible();
  const blocked = await blockCode(page);
  await page.getByRole('button', { name: 'Agregar número' }).click();

  const alert = page.getByRole('alert').filter({ hasText: 'No se pudo descargar una parte del panel' });
  await expect(alert).toBeVisible();
  await screenshot(page, 'chunk-error');
  blocked.on = false;
  await alert.getByRole('button', { name: 'Recargar la página' }).click();
  await expect(page.getByTestId('numbers-list')).toBeVisible();
  await page.getByRole('button', { name: 'Agregar número' }).click();
  await expect(page.getByLabel('Nombre interno')).toBeVisible();
});
