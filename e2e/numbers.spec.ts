import { expect, test } from '@playwright/test';
import { fakeFor } from './fake';
import { screenshot, signIn } from './support';

/**
 * A second WhatsApp number added from Conexión, as a newcomer on `npm run demo` would: name and label, its
 * QR on screen, scanned on its (fake) phone, ready; its chats are its own; stopped and deleted from the list.
 */
test('add a second number, scan its QR, see its own inbox, then stop and delete it', async ({ page }) => {
  await signIn(page);
  await page.goto('/connection');
  await expect(page.getByTestId('numbers-list')).toBeVisible();
  await page.getByRole('button', { name: 'Agregar número' }).click();
  await page.getByLabel('Nombre interno').fill('ventas-sur');
  await page.getByLabel('Etiqueta visible').fill('Ventas sur');
  await page.getByRole('button', { name: 'Agregar y mostrar su código QR' }).click();

  const row = page.getByTestId('number-ventas-sur');
  await expect(row).toBeVisible();
  await expect(row.getByText('En pantalla')).toBeVisible({ timeout: 15_000 });
  // A worker of the pool claims it and its QR shows in the panel below.
  await expect(page.getByTestId('session-status')).toHaveText('Esperando escaneo del código QR', {
    timeout: 30_000,
  });
  await screenshot(page, 'connection-numbers-qr');

  const phone = fakeFor('ventas-sur');
  await phone.chats([{ id: '56955554444@c.us', name: 'Cliente del sur' }]);
  await phone.scan();
  await expect(page.getByTestId('session-status')).toHaveText('Conectado', { timeout: 20_000 });
  await expect(row.getByTestId('number-status')).toHaveText('Conectado', { timeout: 15_000 });
  await phone.message({ chatId: '56955554444@c.us', body: 'Hola desde el sur' });

  await page.goto('/chats');
  await expect(page.getByText('Cliente del sur').first()).toBeVisible({ timeout: 20_000 });
  // The default number's inbox does not have it.
  await page.getByLabel('Número de WhatsApp').selectOption({ index: 0 });
  await expect(page.getByText('Cliente del sur')).toHaveCount(0, { timeout: 15_000 });

  await page.goto('/connection');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'connection-numbers-phone-width');
  await page.setViewportSize({ width: 1280, height: 800 });

  await row.getByRole('button', { name: 'Renombrar' }).click();
  const rename = page.getByRole('dialog', { name: 'Renombrar el número' });
  await rename.getByLabel('Etiqueta visible').fill('Ventas del sur');
  await rename.getByRole('button', { name: 'Guardar' }).click();
  await expect(rename).toHaveCount(0);
  await expect(row.getByText('Ventas del sur')).toBeVisible({ timeout: 15_000 });

  await row.getByRole('button', { name: 'Detener' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Detener' }).click();
  await expect(row.getByText('Detenido')).toBeVisible({ timeout: 15_000 });
  await expect.poll(async () => (await phone.state()).connected, { timeout: 15_000 }).toBe(false);

  await row.getByRole('button', { name: 'Eliminar' }).click();
  const dialog = page.getByRole('dialog');
  await expect(
    dialog.getByText('Conservar sus chats, mensajes y archivos como solo lectura', { exact: false }),
  ).toBeVisible();
  await screenshot(page, 'connection-numbers-delete');
  await dialog.getByText('Borrar para siempre sus chats, mensajes, contactos', { exact: false }).click();
  await dialog.getByRole('button', { name: 'Eliminar número' }).click();
  await expect(page.getByTestId('number-ventas-sur')).toHaveCount(0, { timeout: 15_000 });
});
