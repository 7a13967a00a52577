import { expect, test } from '@playwright/test';
import { demoExperienceId, demoReservations } from '../lib/demo/seed-data';
import { fake } from './fake';
import {
  chatList,
  chooseLanguage,
  device,
  mainNavigation,
  noSeriousA11yViolations,
  screenshot,
  signIn,
} from './support';

/**
 * The product's story as a superadmin lives it, in the real UI against `npm start` with the fake WhatsApp:
 * link the phone by QR, see chats and groups arrive, bind a group to an experience by clicking, watch a
 * customer's reservation code become a request, the operator's group get notified, and the operator's
 * confirmation close it — all without reloading the page. It runs on the desktop and again on the phone,
 * there with its own customer and reservation (the server and the fake phone are shared).
 */
test.describe.configure({ mode: 'serial' });

const GROUP = '120363055555555555@g.us';
const GROUP_NAME = 'Reservas Torres del Paine 🏔️';
const OPERATOR = '56961234501@c.us';
const experienceId = demoExperienceId('demo-org-patagonia', 0);
const CAST = {
  desktop: { customer: '56987654321@c.us', name: 'Camila Rojas', reservation: 0 },
  phone: { customer: '56987654322@c.us', name: 'Ignacio Vera', reservation: 1 },
};
/** This device's customer and one of the experience's two demo reservations. */
function cast() {
  const who = CAST[device() as keyof typeof CAST];
  const reservation = demoReservations().filter((r) => r.experienceExternalId === experienceId)[
    who.reservation
  ]!;
  return { CUSTOMER: who.customer, CUSTOMER_NAME: who.name, reservation };
}

test('link the phone by scanning the QR; the status turns ready without a reload', async ({ page }) => {
  const { CUSTOMER, CUSTOMER_NAME } = cast();
  await signIn(page);
  await page.goto('/connection');
  const state = await fake.state();
  if (!state.linked) {
    await expect(page.getByTestId('qr-code')).toBeVisible();
    await expect(page.getByText(/Se renueva en \d+ s/)).toBeVisible();
    await screenshot(page, 'connection-qr');
    await noSeriousA11yViolations(page);
  }
  await fake.chats([
    { id: GROUP, name: GROUP_NAME, isGroup: true },
    { id: CUSTOMER, name: CUSTOMER_NAME },
    { id: OPERATOR, name: 'Guía Patagonia Senderos' },
  ]);
  if (!state.linked) await fake.scan();
  await expect(page.getByTestId('session-status')).toHaveText('Conectado', { timeout: 20_000 });
  // Chats created on the phone after linking arrive with the next sync, which an admin can ask for.
  const sync = await page.request.post('/api/v1/superadmin/whatsapp/sync/', { data: {} });
  expect(sync.status()).toBe(202);
  await expect(page.getByTestId('connection-badge')).toHaveAttribute('data-status', 'ready');
  await screenshot(page, 'connection-ready');
});

test('chats and groups arrive from WhatsApp', async ({ page }) => {
  const { CUSTOMER_NAME } = cast();
  await signIn(page);
  await page.goto('/chats');
  await expect(chatList(page).getByText(CUSTOMER_NAME)).toBeVisible({ timeout: 15_000 });
  await screenshot(page, 'chats-list');
  await noSeriousA11yViolations(page);
  await page.goto('/groups');
  await expect(page.getByTestId('group-row').filter({ hasText: GROUP_NAME })).toBeVisible();
  await screenshot(page, 'groups');
  await noSeriousA11yViolations(page);
});

test('bind the group to an experience by clicking in the table', async ({ page }) => {
  await signIn(page);
  await page.goto('/experiences');
  await page.getByLabel('Buscar experiencia, organizador u operador').fill('Trekking Base Torres');
  const row = page.getByTestId('experience-row').filter({ hasText: 'Trekking Base Torres del Paine' });
  await expect(row).toHaveCount(1);
  await row.getByRole('button', { name: /Elegir grupo|Cambiar/ }).click();
  await page.getByPlaceholder('Buscar grupo…').fill('Torres');
  await page.getByRole('option', { name: new RegExp(GROUP_NAME) }).click();
  await expect(row.getByText('Personalizado')).toBeVisible();
  await expect(row.getByText(GROUP_NAME)).toBeVisible();
  await expect(page.getByText(/Grupo asignado a Trekking Base Torres del Paine/)).toBeVisible();
  await screenshot(page, 'experiences');
  await noSeriousA11yViolations(page);
});

test('a customer code becomes a request, the group is notified, the operator confirms — live', async ({
  page,
}) => {
  const { CUSTOMER, reservation } = cast();
  await signIn(page);
  await page.goto('/requests');
  await expect(page.getByRole('heading', { name: 'Solicitudes de reserva' })).toBeVisible();
  await fake.message({
    chatId: CUSTOMER,
    body: `Hola! Les escribo por mi reserva ${reservation.code.toLowerCase()}, ¿a qué hora es el punto de encuentro?`,
  });
  const row = page.getByTestId('request-row').filter({ hasText: reservation.code });
  await expect(row)
    .toBeVisible({ timeout: 20_000 })
    .catch(async (error: Error) => {
      // Tell "never created" from "created but not shown live".
      const known = await page.request.get('/api/v1/superadmin/whatsapp/reservation-requests/?limit=5');
      throw new Error(`${error.message}\nThe API lists: ${await known.text()}`);
    });

  const toGroup = async () =>
    (await fake.sent()).filter((s) => s.chatId === GROUP && s.body.includes(reservation.code));
  await expect.poll(async () => (await toGroup()).length, { timeout: 60_000 }).toBeGreaterThan(0);
  await page.waitForTimeout(3000);
  const notifications = await toGroup();
  expect(notifications, JSON.stringify(await fake.sent(), null, 1)).toHaveLength(1);
  await row.click();
  await expect(page.getByTestId('request-status')).toHaveText('Avisada', { timeout: 20_000 });

  await fake.message({
    chatId: GROUP,
    author: OPERATOR,
    body: `Confirmo ${reservation.code} ✅ los esperamos 8:00`,
  });
  await expect(page.getByTestId('request-status')).toHaveText('Confirmada', { timeout: 20_000 });
  await expect(page.getByTestId('request-trace')).toContainText('Confirmada');
  // The trace names the operator by phone (and name when known), in Spanish: no WhatsApp ids, no "override".
  await expect(page.getByTestId('request-trace')).toContainText('+56961234501');
  await expect(page.getByTestId('request-trace')).not.toContainText(
    /@c\.us|@g\.us|override|operator_default/,
  );
  await screenshot(page, 'requests');
  await noSeriousA11yViolations(page);
  // The customer got the confirmation reply, once.
  await expect
    .poll(async () => (await fake.sent()).filter((s) => s.chatId === CUSTOMER).length, { timeout: 20_000 })
    .toBe(1);
});

test('sending from the chat view shows pending, then the delivery ticks', async ({ page }) => {
  const { CUSTOMER, CUSTOMER_NAME, reservation } = cast();
  await signIn(page);
  await page.goto('/chats');
  await chatList(page).getByText(CUSTOMER_NAME).click();
  await expect(page.getByTestId('message-list')).toContainText(reservation.code.toLowerCase());
  await page
    .getByLabel('Escribe un mensaje')
    .fill('El punto de encuentro es la Hostería Las Torres, 7:45 🙂');
  await page.getByRole('button', { name: 'Enviar' }).click();
  const bubble = page.getByTestId('message').filter({ hasText: 'Hostería Las Torres' });
  await expect(bubble).toBeVisible();
  await expect(bubble.getByTestId('ack')).toHaveAttribute('data-ack', /[23]/, { timeout: 20_000 });
  await screenshot(page, 'chats');
  const sent = await fake.sent();
  expect(sent.filter((s) => s.chatId === CUSTOMER && s.body.includes('Hostería Las Torres'))).toHaveLength(1);
});

test('the dashboard switches to English and back', async ({ page }) => {
  await signIn(page);
  await page.goto('/requests');
  await chooseLanguage(page, 'English');
  await expect(page.getByRole('heading', { name: 'Reservation requests' })).toBeVisible();
  await expect((await mainNavigation(page)).getByText('Experiences')).toBeVisible();
  await page.keyboard.press('Escape');
  await chooseLanguage(page, 'Español');
  await expect(page.getByRole('heading', { name: 'Solicitudes de reserva' })).toBeVisible();
});

test('operators page previews how many experiences a default-group change affects', async ({ page }) => {
  await signIn(page);
  await page.goto('/operators');
  const row = page.getByTestId('operator-row').filter({ hasText: 'Patagonia Senderos' }).first();
  await row.getByRole('button', { name: 'Elegir grupo' }).click();
  await page.getByPlaceholder('Buscar grupo…').fill('Torres');
  await page.getByRole('option', { name: new RegExp(GROUP_NAME) }).click();
  await expect(row.getByTestId('operator-preview')).toContainText(/afecta a \d+ de \d+ experiencias/);
  await screenshot(page, 'operators');
  await row.getByRole('button', { name: 'Cancelar' }).click();
  await noSeriousA11yViolations(page);
});
