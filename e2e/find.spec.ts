import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { fake } from './fake';
import { customerChat, screenshot, signIn } from './support';

/**
 * Finding and taking things out: search a message by a word and land on it in its chat (even when it is far
 * back in the history), and download the chat as a CSV that opens with the right rows.
 */
test.describe.configure({ mode: 'serial' });

const CUSTOMER = { id: '56987650001@c.us', name: 'Valentina Soto' };
const VOUCHER = 'Adjunto el voucher de la reserva, ¿me confirman la reunión?';
let chatId = 0;

test('search "voucher" finds the message and the click lands on it in its chat', async ({ page }) => {
  await signIn(page);
  chatId = await customerChat(page, CUSTOMER, VOUCHER);
  // Enough newer messages that the voucher is not on the chat's first (newest) page.
  for (let i = 1; i <= 60; i++)
    await fake.message({ chatId: CUSTOMER.id, body: `Mensaje de seguimiento ${i}` });
  await expect(async () => {
    const res = await page.request.get(`/api/v1/superadmin/whatsapp/chats/${chatId}/messages/?limit=1`);
    const items = ((await res.json()) as { items: { body: string }[] }).items;
    expect(items[0]?.body).toBe('Mensaje de seguimiento 60');
  }).toPass({ timeout: 30_000 });

  await page.goto('/chats');
  await page.keyboard.press('/');
  const dialog = page.getByRole('dialog', { name: 'Buscar mensajes' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('searchbox', { name: 'Buscar mensajes' }).fill('voucher');
  const hit = dialog.getByTestId('search-hit').filter({ hasText: 'Adjunto el voucher' });
  await expect(hit).toBeVisible();
  await expect(hit.locator('mark')).toHaveText(['voucher']);
  await expect(dialog.getByTestId('search-group').first()).toContainText(CUSTOMER.name);
  await screenshot(page, 'search');
  // Accents are ignored: "reunion" finds "reunión".
  await dialog.getByRole('searchbox', { name: 'Buscar mensajes' }).fill('reunion');
  await expect(dialog.getByTestId('search-hit').locator('mark')).toHaveText(['reunión']);
  await dialog.getByRole('searchbox', { name: 'Buscar mensajes' }).fill('voucher');
  await hit.click();

  await expect(page).toHaveURL(new RegExp(`/chats\\?chat=${chatId}&message=\\d+`));
  const landed = page.locator('[data-message-id][data-highlighted]');
  await expect(landed).toContainText('Adjunto el voucher');
  await expect(landed).toBeInViewport();
  await screenshot(page, 'search-landed');
  // Scrolling down reaches the newest message (newer pages load from the found message).
  await expect(async () => {
    await page.getByTestId('message-list').evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await expect(page.getByTestId('message-list')).toContainText('Mensaje de seguimiento 60', {
      timeout: 1000,
    });
  }).toPass({ timeout: 15_000 });
});

test('a chat export downloads and opens as CSV with the right rows', async ({ page }) => {
  await signIn(page);
  await page.goto(`/chats?chat=${chatId}`);
  await page.getByRole('button', { name: 'Exportar chat' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: 'CSV (planilla)' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^chat-Valentina_Soto-\d{4}-\d\d-\d\d\.csv$/);
  const text = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
  const lines = text.trimEnd().split('\r\n');
  expect(lines[0]).toBe(
    'id,timestamp,direction,sender,sender_wid,type,text,media_filename,media_mimetype,media_link,edited,deleted',
  );
  expect(lines).toHaveLength(62);
  expect(lines[1]).toContain(`customer,`);
  expect(lines[1]).toContain(`"${VOUCHER}"`);
  expect(lines[61]).toContain('Mensaje de seguimiento 60');
});
