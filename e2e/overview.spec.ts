import { expect, type Page, test } from '@playwright/test';
import { fake } from './fake';
import { noSeriousA11yViolations, screenshot, signIn } from './support';

/**
 * Resumen: the connection in plain words, today's messages, requests by status and the hourly chart, all
 * following what happens on WhatsApp without a reload.
 */
const CUSTOMER = '56955554444@c.us';

const count = async (page: Page, testId: string) => Number(await page.getByTestId(testId).textContent());

test('Resumen follows the connection, messages and requests live', async ({ page }) => {
  await signIn(page);
  await expect(page.getByRole('heading', { name: 'Resumen', level: 1 })).toBeVisible();
  await expect(page.getByText(/En funcionamiento \(último latido hace \d+ s\)/)).toBeVisible();
  await expect(page.getByRole('link', { name: 'Ir a Conexión' })).toHaveAttribute('href', '/connection');

  if (!(await fake.state()).linked) {
    await expect(page.getByTestId('overview-status')).toHaveText('Esperando escaneo del código QR');
    await expect(
      page.getByText('Aún no hay mensajes. Conecta WhatsApp en Conexión para empezar.'),
    ).toBeVisible();
    await expect(page.getByText('Aún no hay solicitudes de reserva.')).toBeVisible();
    await screenshot(page, 'overview-empty');
    await fake.scan();
  }
  await expect(page.getByTestId('overview-status')).toHaveText('Conectado', { timeout: 30_000 });
  await expect(page.getByText('Todo funciona: los mensajes se guardan y se pueden enviar.')).toBeVisible();

  const inbound = await count(page, 'messages-inbound');
  await fake.chats([{ id: CUSTOMER, name: 'Tomás Fuentes' }]);
  await fake.message({ chatId: CUSTOMER, body: 'Hola, ¿a qué hora parte el tour?' });
  await fake.message({ chatId: CUSTOMER, body: 'Mi reserva es RES-NOEXISTE1, ¿me la confirman?' });
  await expect(page.getByTestId('messages-inbound')).toHaveText(String(inbound + 2), { timeout: 30_000 });
  await expect(page.getByRole('img', { name: /Gráfico de mensajes por hora/ })).toBeVisible();

  // A code that matches no reservation becomes an "unmatched" request, counted and linked by status.
  const unmatched = page.getByRole('link', { name: /^Sin coincidencia: [1-9]\d*$/ });
  await expect(unmatched).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('failed-notifications')).toHaveText('0');
  await expect(page.getByText('Todos los avisos a operadores se enviaron.')).toBeVisible();
  await screenshot(page, 'overview-activity');
  await noSeriousA11yViolations(page);

  await unmatched.click();
  await expect(page).toHaveURL(/\/requests\?status=unmatched/);
});

test('Resumen is in English when the reader chooses it', async ({ page }) => {
  await signIn(page);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Messages per hour (last 24 h)' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Requests by status' })).toBeVisible();
  await page.getByRole('button', { name: 'Español' }).click();
  await expect(page.getByRole('heading', { name: 'Resumen', level: 1 })).toBeVisible();
});
