import { expect, type Page, test } from '@playwright/test';
import { chatList, customerChat, device, noSeriousA11yViolations, screenshot, signIn } from './support';

/**
 * Every page of the dashboard on this project's screen (desktop, phone 390×844, tablet 768×1024): it fits
 * the width (nothing to scroll sideways, no table cut off inside its frame), axe finds nothing serious, and
 * on touch screens every control is at least 44 px in both directions.
 */
const CUSTOMER = '56944443333@c.us';
const CUSTOMER_NAME = 'Lucía Fernández de la Fuente Ortúzar';
const LONG_LINK =
  'https://www.tuki.cl/experiencias/patagonia/trekking-base-torres-del-paine?utm_source=whatsapp&utm_campaign=temporada-verano-2026&ref=RES-LINKWRAP';

const PAGES: { path: string; ready: (page: Page) => Promise<void> }[] = [
  { path: '/', ready: (p) => expect(p.getByRole('heading', { name: 'Resumen', level: 1 })).toBeVisible() },
  {
    path: '/connection',
    ready: (p) => expect(p.getByTestId('session-status')).toHaveText('Conectado'),
  },
  {
    path: '/chats',
    ready: (p) => expect(chatList(p).getByText(CUSTOMER_NAME)).toBeVisible(),
  },
  {
    path: '/groups',
    ready: (p) => expect(p.getByRole('heading', { name: 'Grupos', level: 1 })).toBeVisible(),
  },
  {
    path: '/experiences',
    ready: (p) => expect(p.getByTestId('experience-row').first()).toBeVisible(),
  },
  { path: '/operators', ready: (p) => expect(p.getByTestId('operator-row').first()).toBeVisible() },
  { path: '/requests', ready: (p) => expect(p.getByTestId('request-row').first()).toBeVisible() },
  ...['users', 'keys', 'webhooks', 'templates', 'detection', 'pace'].map((tab) => ({
    path: `/settings?tab=${tab}`,
    ready: (p: Page) => expect(p.getByRole('heading', { name: 'Ajustes', level: 1 })).toBeVisible(),
  })),
];

/** What sticks out sideways: the document itself, or a table scrolling inside its frame. */
function overflow(page: Page) {
  return page.evaluate(() => ({
    document: document.documentElement.scrollWidth,
    tables: [...document.querySelectorAll<HTMLElement>('.table-frame')]
      .filter((frame) => frame.scrollWidth > frame.clientWidth + 1)
      .map(
        (frame) =>
          frame.querySelector('table')?.getAttribute('aria-label') ?? (frame.textContent ?? '').slice(0, 40),
      ),
  }));
}

/** Visible controls smaller than 44×44 px; links inside running text are exempt (WCAG 2.5.5). */
function smallTargets(page: Page) {
  return page.evaluate(() => {
    const controls = document.querySelectorAll<HTMLElement>(
      'button, a[href], input:not([type=checkbox]):not([type=radio]):not([type=hidden]), select, textarea, [role=tab], [role=option], [role=menuitem], [role=menuitemradio]',
    );
    return [...controls]
      .filter((el) => {
        const rect = el.getBoundingClientRect();
        if (rect.width <= 1 || rect.height <= 1) return false;
        if (getComputedStyle(el).display === 'inline') return false;
        if (el.closest('[data-sonner-toaster]')) return false;
        return rect.width < 43.5 || rect.height < 43.5;
      })
      .map((el) => {
        const rect = el.getBoundingClientRect();
        const name = el.getAttribute('aria-label') ?? (el.textContent ?? '').trim().slice(0, 30);
        return `${el.tagName.toLowerCase()} "${name}" ${Math.round(rect.width)}×${Math.round(rect.height)}`;
      });
  });
}

test('every page fits the screen, passes axe, and has touch-sized controls on touch screens', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await signIn(page);
  const width = page.viewportSize()!.width;
  const touch = device() !== 'desktop';
  const chatId = await customerChat(
    page,
    { id: CUSTOMER, name: CUSTOMER_NAME },
    `Hola, vi esta experiencia y quiero reservar para cuatro personas el sábado: ${LONG_LINK} ¿Queda cupo?`,
  );
  const conversation = {
    path: `/chats?chat=${chatId}`,
    ready: async (p: Page) => {
      await expect(p.getByTestId('message-list')).toContainText('RES-LINKWRAP');
      await expect(p.getByLabel('Escribe un mensaje')).toBeVisible();
    },
  };

  for (const { path, ready } of [...PAGES, conversation]) {
    await test.step(path, async () => {
      await page.goto(path);
      await ready(page);
      await expect(page.locator('main .animate-pulse')).toHaveCount(0);
      expect.soft(await overflow(page), `${path} fits ${width} px`).toEqual({ document: width, tables: [] });
      if (touch) expect.soft(await smallTargets(page), `${path}: controls under 44 px`).toEqual([]);
      await noSeriousA11yViolations(page);
    });
  }
  await page.goto(conversation.path);
  await conversation.ready(page);
  await screenshot(page, 'conversation');
});
