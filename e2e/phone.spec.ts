import { expect, test } from '@playwright/test';
import { ADMIN, chatList, customerChat, screenshot, signIn } from './support';

/**
 * What only a phone-sized screen does (run by the `phone` project, 390×844): the sidebar is a drawer, the
 * header folds the account into a menu, chats show one pane at a time, Conexión offers the phone number
 * first, and the console can be installed.
 */
const CUSTOMER = '56955550001@c.us';
const CUSTOMER_NAME = 'Martina Soto';

test('the sidebar is a drawer: opened by the menu button, focus stays inside, Escape and links close it', async ({
  page,
}) => {
  await signIn(page);
  const menu = page.getByRole('button', { name: 'Abrir menú' });
  const nav = page.getByRole('navigation', { name: 'Navegación principal' });
  await expect(nav).toBeHidden();
  await expect(page.getByTestId('connection-badge')).toBeVisible();

  await expect(async () => {
    if (!(await nav.isVisible())) await menu.click();
    await expect(nav).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  const drawer = page.getByRole('dialog');
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    expect(await drawer.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  }
  await screenshot(page, 'drawer');
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await expect(menu).toBeFocused();

  await menu.click();
  await nav.getByRole('link', { name: 'Experiencias' }).click();
  await expect(drawer).toBeHidden();
  await expect(page).toHaveURL(/\/experiences$/);
  await expect(page.getByRole('heading', { name: 'Experiencias', level: 1 })).toBeVisible();
});

test('the header keeps the badge; who is signed in, language and sign-out are in the account menu', async ({
  page,
}) => {
  await signIn(page);
  await expect(page.getByTestId('connection-badge')).toBeVisible();
  await expect(page.getByText(ADMIN.email)).toBeHidden();
  const account = page.getByRole('button', { name: 'Cuenta' });
  const signOut = page.getByRole('menuitem', { name: 'Cerrar sesión' });
  await expect(async () => {
    if (!(await signOut.isVisible())) await account.click();
    await expect(signOut).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await expect(page.getByRole('menu')).toContainText(ADMIN.email);
  await expect(page.getByRole('menuitemradio', { name: 'Español' })).toHaveAttribute('aria-checked', 'true');
  await signOut.click();
  await expect(page).toHaveURL(/\/login/);
});

test('chats: the list, then the conversation with a way back; the composer stays in view as the keyboard opens', async ({
  page,
}) => {
  await signIn(page);
  await customerChat(page, { id: CUSTOMER, name: CUSTOMER_NAME }, '¿El tour incluye almuerzo?');
  await page.goto('/chats');
  const list = chatList(page);
  await list.getByText(CUSTOMER_NAME).click();
  await expect(page.getByTestId('message-list')).toContainText('¿El tour incluye almuerzo?');
  await expect(list).toBeHidden();

  // The on-screen keyboard takes about half the screen; the page shrinks with it (interactive-widget).
  await page.setViewportSize({ width: 390, height: 420 });
  const composer = page.getByLabel('Escribe un mensaje');
  await composer.focus();
  const box = (await composer.boundingBox())!;
  expect(box.y + box.height).toBeLessThanOrEqual(420);
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  await page.setViewportSize({ width: 390, height: 844 });

  await page.getByRole('button', { name: 'Volver a los chats' }).click();
  await expect(list.getByText(CUSTOMER_NAME)).toBeVisible();
  await expect(page.getByTestId('message-list')).toHaveCount(0);
});

test('Conexión on a phone offers pairing by phone number first, the QR one tap away', async ({ page }) => {
  // A second number waiting for its QR (added over the API, claimed by the pool) is what this phone links.
  await signIn(page);
  const added = await page.request.post('/api/v1/superadmin/whatsapp/sessions/', {
    data: { name: 'terreno' },
  });
  expect(added.status()).toBeLessThan(300);
  await page.goto('/connection');
  await page.getByLabel('Número de WhatsApp').selectOption({ label: 'terreno' });
  await expect(page.getByTestId('pairing-phone-first')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/^Un teléfono no puede escanear su propia pantalla/)).toBeVisible();
  await expect(page.getByText(/escanea este código/)).toHaveCount(0);
  await expect(page.getByLabel('Número en formato internacional, solo dígitos')).toBeVisible();
  await expect(page.getByTestId('qr-code')).toHaveCount(0);
  await screenshot(page, 'connection-pairing');
  await page.getByRole('button', { name: 'Mostrar el código QR para escanearlo con otro teléfono' }).click();
  await expect(page.getByTestId('qr-code')).toBeVisible();
});

test('the console can be installed: manifest and icons load without signing in', async ({
  page,
  request,
}) => {
  await page.goto('/login');
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest');
  const manifest = await request.get('/manifest.webmanifest');
  expect(manifest.status()).toBe(200);
  const body = await manifest.json();
  expect(body).toMatchObject({
    name: 'Tuki WhatsApp Console',
    short_name: 'Consola Tuki',
    display: 'standalone',
    theme_color: '#047857',
    start_url: '/',
  });
  for (const icon of body.icons as { src: string; type: string }[]) {
    const res = await request.get(icon.src);
    expect(res.status(), icon.src).toBe(200);
    expect(res.headers()['content-type'], icon.src).toContain(icon.type);
  }
  expect((await request.get('/favicon.ico')).status()).toBe(200);
});
