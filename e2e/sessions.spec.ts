import { expect, test } from '@playwright/test';
import { signatureHeaders } from '../lib/webhooks/signature';
import { signIn } from './support';

const SECRET = process.env.E2E_INBOUND_SECRET ?? 'e2e-inbound-webhook-secret-0123456789abcdef';

/**
 * An installation with two WhatsApp numbers: an external gateway reports a second one through the signed
 * status webhook, and the header's switcher shows either number's connection.
 */
test('the session switcher appears with a second number and switches the dashboard to it', async ({
  page,
}) => {
  const body = JSON.stringify({
    session: 'ventas',
    status: 'ready',
    phone: '+56922223333',
    pushName: 'Ventas Tuki',
  });
  const response = await page.request.post('/api/v1/whatsapp/webhook/status/', {
    headers: { 'content-type': 'application/json', ...signatureHeaders(SECRET, body) },
    data: body,
  });
  expect(response.status()).toBeLessThan(300);

  await signIn(page);
  await page.goto('/connection');
  const switcher = page.getByLabel('Número de WhatsApp');
  await expect(switcher).toBeVisible();
  await switcher.selectOption({ label: 'Ventas Tuki · +56922223333' });
  await expect(page.locator('dd', { hasText: '+56922223333 · Ventas Tuki' })).toBeVisible({
    timeout: 15_000,
  });
  // Back to the number this worker runs.
  await switcher.selectOption({ index: 0 });
  await expect(page.locator('dd', { hasText: '+56922223333 · Ventas Tuki' })).toBeHidden({ timeout: 15_000 });
});
