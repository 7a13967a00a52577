import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { fake } from './fake';
import { customerChat, openWith, screenshot, signIn } from './support';

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
  const dialog = page.getByRole('dialog', { name: 'Buscar mensajes' });
  await openWith(() => page.keyboard.press('/'), dialog);
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
  // The customer wrote it: "from us" hides it, "from the customer" brings it back.
  await dialog.getByLabel('De', { exact: true }).selectOption({ label: 'Nosotros' });
  await expect(dialog.getByText('Ningún mensaje coincide.')).toBeVisible();
  await dialog.getByLabel('De', { exact: true }).selectOption({ label: 'Cliente' });
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
  // In one CI run the menu opened too early never showed its items (the chat view was still loading its
  // history and details): open it again until it stays open.
  const csv = page.getByRole('menuitem', { name: 'CSV (planilla)' });
  await expect(async () => {
    if (!(await csv.isVisible())) await page.getByRole('button', { name: 'Exportar chat' }).click();
    await expect(csv).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 20_000 });
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

const GROUP = { id: '120363077777777777@g.us', name: 'Guías Torres del Paine' };

test('the details panel shows a group’s members, admins and our number marked', async ({ page }) => {
  await signIn(page);
  await fake.chats([
    {
      ...GROUP,
      isGroup: true,
      participants: [{ id: '56900000000@c.us', isAdmin: true }, '56961234501@c.us', CUSTOMER.id],
    },
  ]);
  let groupId = 0;
  await expect(async () => {
    await page.request.post('/api/v1/superadmin/whatsapp/sync/', { data: {} });
    const res = await page.request.get(
      `/api/v1/superadmin/whatsapp/groups/?q=${encodeURIComponent(GROUP.name)}`,
    );
    groupId = ((await res.json()) as { items: { id: number }[] }).items[0]?.id ?? 0;
    expect(groupId).toBeGreaterThan(0);
  }).toPass({ timeout: 30_000 });
  await page.goto(`/chats?chat=${groupId}`);
  await page.getByRole('button', { name: 'Detalles del chat' }).click();
  const panel = page.getByTestId('chat-details');
  await expect(panel.getByTestId('participant')).toHaveCount(3);
  await expect(panel.getByTestId('participant').filter({ hasText: 'Nuestro número' })).toContainText('Admin');
  await expect(panel.getByTestId('participant').filter({ hasText: CUSTOMER.name })).toBeVisible();
  await expect(panel).toContainText('Administrador');
  await screenshot(page, 'chat-details-group');
});

const OPERATOR = { name: 'Chiloé Mágico', wid: '56946789006@c.us' };
const NEW_GROUP = `Reservas ${OPERATOR.name} · Tuki`;

test('creating a group for an operator makes it its default, with the operator in it', async ({ page }) => {
  await signIn(page);
  await page.goto('/operators');
  const row = page.getByTestId('operator-row').filter({ hasText: OPERATOR.name });
  await row.getByRole('button', { name: 'Crear grupo' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('Nombre del grupo')).toHaveValue(NEW_GROUP);
  await dialog.getByLabel('Colegas (un teléfono por línea)').fill('+56 9 7000 0009');
  await dialog.getByRole('button', { name: 'Crear y usar por defecto' }).click();
  await expect(dialog.getByText(`Grupo creado y asignado a ${OPERATOR.name}.`)).toBeVisible({
    timeout: 20_000,
  });
  await screenshot(page, 'operator-group-created');
  await page.keyboard.press('Escape');
  await expect(row).toContainText(NEW_GROUP);
  const created = (await fake.groups()).find((g) => g.name === NEW_GROUP);
  expect(created?.participants?.map((p) => p.wid)).toEqual([
    '56900000000@c.us',
    OPERATOR.wid,
    '56970000009@c.us',
  ]);
});

test('the invite link can be copied and revoked', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(page);
  await page.goto('/groups');
  const row = page.getByTestId('group-row').filter({ hasText: NEW_GROUP });
  await row.getByRole('button', { name: 'Administrar' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Obtener enlace' }).click();
  const link = dialog.getByTestId('invite-link');
  await expect(link).toHaveText(/^https:\/\/chat\.whatsapp\.com\/[\w-]+$/, { timeout: 20_000 });
  const first = (await link.textContent())!;
  await dialog.getByRole('button', { name: 'Copiar enlace' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(first);
  await dialog.getByRole('button', { name: 'Revocar enlace' }).click();
  await expect(link).not.toHaveText(first, { timeout: 20_000 });
  const code = (await fake.groups()).find((g) => g.name === NEW_GROUP)?.inviteCode;
  await expect(link).toHaveText(`https://chat.whatsapp.com/${code}`);
  await screenshot(page, 'group-invite');
});
