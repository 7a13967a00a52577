import { expect, test } from '@playwright/test';
import { fake } from './fake';
import { noSeriousA11yViolations, screenshot, signIn } from './support';

/**
 * Ajustes as a superadmin uses it — people, API keys shown once, webhooks and their delivery log, templates
 * with their preview, the code-pattern tester, the sending pace — and as a viewer, who only reads.
 */
test.describe.configure({ mode: 'serial' });

const VIEWER = { email: 'lectora-ajustes@tuki.test', password: 'lectora-password-123' };

test('users: add a read-only user with a generated password shown once', async ({ page }) => {
  await signIn(page);
  await page.goto('/settings');
  await expect(page.getByRole('heading', { name: 'Ajustes', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Usuarios' })).toHaveAttribute('aria-current', 'page');
  await page.getByLabel('Correo').fill('operaciones@tuki.test');
  await page.getByLabel('Nombre (opcional)').fill('Equipo de operaciones');
  await page.getByRole('button', { name: 'Agregar usuario' }).click();
  await expect(page.getByText('Contraseña de operaciones@tuki.test')).toBeVisible();
  await expect(page.getByTestId('secret-value')).toHaveText(/^\S{12,}$/);
  const row = page.getByRole('row', { name: /operaciones@tuki\.test/ });
  await expect(row).toContainText('Activo');
  await expect(row.getByLabel('Rol de operaciones@tuki.test')).toHaveValue('viewer');
  await screenshot(page, 'settings-users');
  await noSeriousA11yViolations(page);

  await row.getByRole('button', { name: 'Deshabilitar' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Deshabilitar' }).click();
  await expect(row).toContainText('Deshabilitado');
  await row.getByRole('button', { name: 'Habilitar' }).click();
  await expect(row).toContainText('Activo');
});

test('API keys: created, shown once, used, then revoked', async ({ page }) => {
  await signIn(page);
  await page.goto('/settings?tab=keys');
  await expect(page.getByText('No hay claves API activas.')).toBeVisible();
  await page.getByLabel('Nombre', { exact: true }).fill('Plataforma Tuki');
  await page.getByLabel('Alcance').selectOption('write');
  await page.getByRole('button', { name: 'Crear clave' }).click();
  const secret = page.getByTestId('secret-value');
  await expect(secret).toHaveText(/^tuki_\S{40,}$/);
  const key = (await secret.textContent())!;
  await expect(page.getByText('Copia esta clave ahora: no se volverá a mostrar.')).toBeVisible();

  const withKey = { headers: { authorization: `Bearer ${key}` } };
  expect((await page.request.get('/api/v1/superadmin/settings/', withKey)).status()).toBe(200);
  const row = page.getByRole('row', { name: /Plataforma Tuki/ });
  await expect(row).toContainText('Escritura');
  await expect(row).toContainText(`${key.slice(0, 13)}…`);
  await screenshot(page, 'settings-keys');

  await page.getByRole('button', { name: 'Ya la guardé' }).click();
  await expect(secret).toHaveCount(0);
  await page.reload();
  await expect(row).toBeVisible();
  await expect(page.getByText(key)).toHaveCount(0);

  await row.getByRole('button', { name: 'Revocar' }).click();
  await expect(page.getByRole('dialog')).toContainText('¿Revocar la clave «Plataforma Tuki»?');
  await page.getByRole('dialog').getByRole('button', { name: 'Revocar' }).click();
  await expect(page.getByText('Clave revocada.')).toBeVisible();
  await expect(row).toHaveCount(0);
  expect((await page.request.get('/api/v1/superadmin/settings/', withKey)).status()).toBe(401);
  await page.getByLabel('Mostrar también las revocadas').check();
  await expect(page.getByRole('row', { name: /Plataforma Tuki/ })).toContainText('Revocada');
});

test('webhooks: an endpoint with its secret shown once, its failing deliveries and a resend', async ({
  page,
}) => {
  await signIn(page);
  await page.goto('/settings?tab=webhooks');
  await expect(page.getByText('No hay endpoints registrados.')).toBeVisible();
  // Nothing listens on port 9: every attempt fails, which is what the delivery log is for.
  await page.getByLabel('URL del endpoint').fill('http://127.0.0.1:9/webhooks/tuki');
  await page.getByLabel('Descripción (opcional)').fill('CRM de reservas');
  await page.getByRole('checkbox', { name: /Mensaje recibido/ }).check();
  await page.getByRole('button', { name: 'Agregar endpoint' }).click();
  await expect(page.getByTestId('secret-value')).toHaveText(/^whsec_/);
  const endpoint = page.getByRole('listitem').filter({ hasText: 'http://127.0.0.1:9/webhooks/tuki' });
  await expect(endpoint).toContainText('Mensaje recibido');
  await expect(endpoint).toContainText('Activo');

  if (!(await fake.state()).linked) await fake.scan();
  await expect
    .poll(async () => (await page.request.get('/api/v1/superadmin/whatsapp/status/')).json(), {
      timeout: 30_000,
    })
    .toMatchObject({ status: 'ready' });
  await fake.message({ chatId: '56911112222@c.us', body: 'Hola, ¿tienen cupo para el sábado?' });

  await endpoint.getByRole('button', { name: 'Ver entregas' }).click();
  const delivery = endpoint.getByRole('row', { name: /Mensaje recibido/ }).first();
  await expect(async () => {
    await endpoint.getByRole('button', { name: 'Actualizar' }).click();
    await expect(delivery).toContainText(/Reintentando|Sin entregar/, { timeout: 2000 });
  }).toPass({ timeout: 30_000 });
  await expect(delivery).toContainText('blocked_address');
  await screenshot(page, 'settings-webhooks');
  await noSeriousA11yViolations(page);

  await delivery.getByRole('button', { name: 'Reenviar' }).click();
  await expect(page.getByText('Entrega puesta en cola otra vez.')).toBeVisible();

  await endpoint.getByRole('button', { name: 'Pausar' }).click();
  await expect(endpoint).toContainText('Pausado');
  await endpoint.getByRole('button', { name: 'Eliminar' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Eliminar' }).click();
  await expect(page.getByText('No hay endpoints registrados.')).toBeVisible();
});

test('templates: the preview follows the text, placeholders insert at the cursor, saving persists', async ({
  page,
}) => {
  await signIn(page);
  await page.goto('/settings?tab=templates');
  const field = page.getByLabel('Respuesta al cliente (confirmada)', { exact: true });
  const preview = page.getByRole('figure', { name: 'Vista previa: Respuesta al cliente (confirmada)' });
  await expect(preview).toContainText('Camila Rojas');

  await field.fill('¡Listo {customerName}! Tu reserva {code} para el {date} está confirmada.');
  await expect(preview).toContainText(
    '¡Listo Camila Rojas! Tu reserva RES-7KQ2M para el sábado, 19 de diciembre de 2026 está confirmada.',
  );
  await field.fill('Hola {cliente}');
  await expect(page.getByText('Variables desconocidas: {cliente}.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Guardar cambios' })).toBeDisabled();

  await field.fill('¡Listo {customerName}! Nos vemos con ');
  await field.press('End');
  await page.getByRole('button', { name: 'Insertar {partySize}' }).click();
  await expect(field).toHaveValue('¡Listo {customerName}! Nos vemos con {partySize}');
  await field.press('End');
  await field.pressSequentially(' personas, reserva *{code}*.');
  await expect(preview).toContainText('¡Listo Camila Rojas! Nos vemos con 4 personas, reserva RES-7KQ2M.');
  await expect(preview.locator('strong')).toHaveText('RES-7KQ2M');
  await screenshot(page, 'settings-templates');
  await noSeriousA11yViolations(page);

  await page.getByRole('button', { name: 'Guardar cambios' }).click();
  await expect(page.getByText('Cambios guardados.')).toBeVisible();
  await page.reload();
  await expect(field).toHaveValue(
    '¡Listo {customerName}! Nos vemos con {partySize} personas, reserva *{code}*.',
  );
});

test('detection: the tester shows the codes the pattern finds, and refuses an unusable pattern', async ({
  page,
}) => {
  await signIn(page);
  await page.goto('/settings?tab=detection');
  const found = page.getByTestId('codes-found');
  await expect(found).toContainText('RES-7KQ2M');
  await expect(found).toContainText('RES-88PL3');

  const pattern = page.getByLabel('Patrón del código de reserva (expresión regular)');
  await page.getByLabel('Probar con un mensaje').fill('Mi código es tk-1234, el de mi hermana RES-ABC12');
  await pattern.fill(String.raw`\bTK-\d{4}\b`);
  await expect(found).toHaveText(/TK-1234/);
  await expect(found).not.toContainText('RES-ABC12');
  await screenshot(page, 'settings-detection');
  await noSeriousA11yViolations(page);

  await pattern.fill('RES-(');
  await expect(page.getByText(/Este patrón no se puede usar/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Guardar cambios' })).toBeDisabled();
  await page.getByRole('button', { name: 'Restaurar el predeterminado' }).click();
  await expect(found).toContainText('RES-ABC12');
  await expect(page.getByRole('button', { name: 'Guardar cambios' })).toBeDisabled();
});

test('sending pace: the summary follows the numbers and the change is saved', async ({ page }) => {
  await signIn(page);
  await page.goto('/settings?tab=pace');
  await page.getByLabel('Máximo de mensajes por minuto (todos los chats)').fill('12');
  await page.getByLabel('Variación aleatoria añadida a cada espera (ms)').fill('2000');
  await expect(page.getByTestId('pace-summary')).toHaveText(
    'Con estos valores se envían como máximo 12 mensajes por minuto, y al mismo chat uno cada 3–5 s.',
  );
  await screenshot(page, 'settings-pace');
  await page.getByRole('button', { name: 'Guardar cambios' }).click();
  await expect(page.getByText('Cambios guardados.')).toBeVisible();
  const saved = await (await page.request.get('/api/v1/superadmin/settings/')).json();
  expect(saved.sendingPace).toEqual({ perChatMinGapMs: 3000, globalPerMinute: 12, jitterMs: 2000 });
});

test('a viewer reads the settings, sees no controls, and is refused by the server', async ({
  page,
  browser,
}) => {
  await signIn(page);
  const created = await page.request.post('/api/v1/superadmin/users/', {
    data: { email: VIEWER.email, password: VIEWER.password, role: 'viewer' },
  });
  expect(created.status()).toBe(201);

  const context = await browser.newContext();
  const viewer = await context.newPage();
  await signIn(viewer, VIEWER);
  await viewer.goto('/settings');
  await expect(viewer.getByText('Tu cuenta es de solo lectura')).toBeVisible();
  await expect(viewer.getByRole('link', { name: 'Plantillas' })).toHaveAttribute('aria-current', 'page');
  await expect(viewer.getByLabel('Aviso al operador', { exact: true })).toHaveAttribute('readonly', '');
  await expect(viewer.getByRole('button', { name: 'Guardar cambios' })).toHaveCount(0);
  await screenshot(viewer, 'settings-viewer');

  await viewer.getByRole('link', { name: 'Usuarios' }).click();
  await expect(viewer.getByText('Solo un superadmin puede ver esta sección.')).toBeVisible();
  await viewer.getByRole('link', { name: 'Detección' }).click();
  await expect(viewer.getByRole('button', { name: 'Restaurar el predeterminado' })).toHaveCount(0);

  const refused = await viewer.request.patch('/api/v1/superadmin/settings/', {
    data: { notifyAckTimeoutSeconds: 30 },
  });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.code).toBe('forbidden');
  await context.close();
});
