import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { fake } from './fake';

export const ADMIN = {
  email: process.env.E2E_ADMIN_EMAIL ?? 'admin@tuki.test',
  password: process.env.E2E_ADMIN_PASSWORD ?? 'e2e-password-123',
};

export async function signIn(page: Page, user = ADMIN) {
  await page.goto('/login');
  await page.getByLabel('Correo electrónico').fill(user.email);
  await page.getByLabel('Contraseña').fill(user.password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/**
 * The chat list a person sees. Right after a load, React may still hold the streamed HTML of the page in a
 * hidden segment (`<div hidden id="S:0">`) while it renders the page itself; locators would see both copies.
 */
export const chatList = (page: Page) => page.getByTestId('chat-list').filter({ visible: true });

/** The Playwright project running this test: `desktop`, `phone` or `tablet` (playwright.config.ts). */
export const device = () => test.info().project.name;

/**
 * Every run keeps a current picture of each page (ignored by git, referenced from the README); the phone's
 * and the tablet's are named after them (`chats-phone.png`).
 */
export async function screenshot(page: Page, name: string) {
  const suffix = device() === 'desktop' ? '' : `-${device()}`;
  await page.screenshot({ path: `e2e/screenshots/${name}${suffix}.png`, fullPage: true });
}

/**
 * Axe on the page as a person sees it once it has settled: a toast (sonner mounts it, then fades it in on a
 * later frame) or a dialog still fading in has, for that moment, text at partial opacity, which axe reports
 * as a contrast failure (it did, now and then, in CI). Toasts stacked out of view and endless animations (a
 * spinner) are not waited for.
 */
export async function noSeriousA11yViolations(page: Page) {
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('[data-sonner-toast][data-visible="true"]')].every(
        (t) => getComputedStyle(t).opacity === '1',
      ) &&
      document
        .getAnimations()
        .every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity),
  );
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/**
 * A customer chat on the linked fake phone, with one message from them; resolves with our chat id once the
 * chat list sync has stored it under its name. `page` must be signed in.
 */
export async function customerChat(page: Page, chat: { id: string; name: string }, body: string) {
  if (!(await fake.state()).linked) await fake.scan();
  await fake.chats([chat]);
  await fake.message({ chatId: chat.id, body });
  let id = 0;
  await expect(async () => {
    await page.request.post('/api/v1/superadmin/whatsapp/sync/', { data: {} });
    const res = await page.request.get(
      `/api/v1/superadmin/whatsapp/chats/?q=${encodeURIComponent(chat.name)}`,
    );
    const items = ((await res.json()) as { items: { id: number; name: string | null }[] }).items;
    id = items.find((c) => c.name === chat.name)?.id ?? 0;
    expect(id).toBeGreaterThan(0);
  }).toPass({ timeout: 30_000, intervals: [1000, 2000, 3000] });
  return id;
}

/** The header's language buttons; on a phone or tablet they are inside the account menu. */
export async function chooseLanguage(page: Page, language: 'Español' | 'English') {
  const inline = page.getByRole('button', { name: language, exact: true });
  if (await inline.isVisible()) return inline.click();
  const item = page.getByRole('menuitemradio', { name: language });
  const account = page.getByRole('button', { name: /^(Cuenta|Account)$/ });
  await openWith(() => account.click(), item);
  await item.click();
}

/** Acts (a click, a shortcut) until what it opens shows: before hydration it opens nothing. */
export async function openWith(act: () => Promise<void>, shown: Locator) {
  await expect(async () => {
    if (!(await shown.isVisible())) await act();
    await expect(shown).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
}

/** The main navigation: the sidebar, or on a phone the drawer its menu button opens. */
export async function mainNavigation(page: Page) {
  const menu = page.getByRole('button', { name: /^(Abrir menú|Open menu)$/ });
  const nav = page.getByRole('navigation', { name: /^(Navegación principal|Main navigation)$/ });
  if (await menu.isVisible()) await openWith(() => menu.click(), nav);
  return nav;
}
