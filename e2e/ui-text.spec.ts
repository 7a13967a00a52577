import { expect, test } from '@playwright/test';
import { ADMIN, screenshot, signIn } from './support';

test('a failed action shows a Spanish toast phrased from the error code, not the API text', async ({
  page,
}) => {
  await signIn(page);
  await page.goto('/settings');
  await page.getByLabel('Correo').fill(ADMIN.email);
  await page.getByRole('button', { name: 'Agregar usuario' }).click();
  await expect(page.getByText('Ya existe un usuario con ese correo.')).toBeVisible();
  await expect(page.getByText(/already exists/)).toHaveCount(0);
});

test("the sidebar's background reaches the bottom of a long page", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 480 });
  await signIn(page);
  await page.goto('/settings');
  await expect(page.getByRole('heading', { name: 'Ajustes', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Agregar usuario' })).toBeVisible();
  const { pageHeight, viewport, column } = await page.evaluate(() => ({
    pageHeight: document.documentElement.scrollHeight,
    viewport: window.innerHeight,
    column: document.querySelector('[data-testid="sidebar-column"]')?.getBoundingClientRect().height ?? 0,
  }));
  expect(pageHeight).toBeGreaterThan(viewport);
  expect(column).toBeGreaterThanOrEqual(pageHeight);
  await screenshot(page, 'long-page-sidebar');
});
