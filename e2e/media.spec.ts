import { mkdirSync } from 'node:fs';
import { expect, type Locator, type Page, test } from '@playwright/test';
import sharp from 'sharp';
import { demoReservations } from '../lib/demo/seed-data';
import { fake } from './fake';
import { chatList, customerChat, noSeriousA11yViolations, signIn } from './support';

/**
 * Rich messages end to end, in the real browser against `npm start` with the fake WhatsApp: a customer sends a
 * photo whose caption carries a reservation code, a voice note, a PDF and a location (and, for the pictures of
 * each bubble, a sticker, a video, a contact card, a poll and a file WhatsApp no longer has). The superadmin
 * sees and opens each one, the request comes from the caption, and the reply quoting the photo with an image
 * and caption reaches the phone, as does a 👍. Deleted and edited messages show as such.
 */
test.describe.configure({ mode: 'serial' });

const CUSTOMER = { id: '56987650001@c.us', name: 'Valentina Soto' };
const reservation = demoReservations().at(-1)!;
const CAPTION = `Comprobante de pago de la reserva ${reservation.code} 🧾`;
const SHOTS = 'docs/screenshots';

/** A picture with something on it, so the screenshots show a real photo and not a flat colour. */
async function photo(width: number, height: number, label: string, format: 'jpeg' | 'png' | 'webp') {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#0e7490"/><stop offset="1" stop-color="#f59e0b"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    <polygon points="0,${height} ${width * 0.35},${height * 0.35} ${width * 0.6},${height * 0.7} ${width * 0.8},${height * 0.25} ${width},${height}" fill="#1e293b" opacity="0.8"/>
    <text x="24" y="56" font-family="sans-serif" font-size="36" fill="white">${label}</text></svg>`;
  return sharp(Buffer.from(svg)).toFormat(format).toBuffer();
}

/**
 * Two seconds of a tone as 16-bit PCM WAV. WhatsApp's voice notes are Opus; there is no Opus encoder in this
 * environment, and the bubble plays whatever audio the media route serves.
 */
function voiceNote(seconds: number): Buffer {
  const rate = 8000;
  const samples = rate * seconds;
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36);
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++)
    wav.writeInt16LE(
      Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 8000 * Math.sin((Math.PI * i) / samples)),
      44 + i * 2,
    );
  return wav;
}

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n' +
    'trailer<</Root 1 0 R>>\n%%EOF\n',
);

const bubble = (page: Page, testId: string) =>
  page.getByTestId('message').filter({ has: page.getByTestId(testId) });

async function shoot(target: Locator, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await target.scrollIntoViewIfNeeded();
  // The bubble (with its reactions), not the whole row of the list.
  await target
    .locator(':scope > div')
    .first()
    .screenshot({ path: `${SHOTS}/${name}.png` });
}

let chatId = 0;
const ids: Record<string, { id: string; protocolId: string }> = {};

test('a customer sends a photo, a voice note, a PDF and a location; the superadmin sees and opens them', async ({
  page,
  context,
}) => {
  await signIn(page);
  if (!(await fake.state()).linked) {
    await page.goto('/connection');
    await fake.scan();
    await expect(page.getByTestId('session-status')).toHaveText('Conectado', { timeout: 30_000 });
  }
  chatId = await customerChat(page, CUSTOMER, 'Hola! Les mando los datos de mi reserva');
  const jpeg = await photo(800, 600, 'Pago Tuki', 'jpeg');
  ids.photo = await fake.rich({
    chatId: CUSTOMER.id,
    type: 'image',
    caption: CAPTION,
    media: { mimetype: 'image/jpeg', data: jpeg.toString('base64'), width: 800, height: 600 },
  });
  ids.voice = await fake.rich({
    chatId: CUSTOMER.id,
    type: 'ptt',
    media: { mimetype: 'audio/wav', data: voiceNote(2).toString('base64'), duration: 2 },
  });
  ids.pdf = await fake.rich({
    chatId: CUSTOMER.id,
    type: 'document',
    media: { mimetype: 'application/pdf', filename: 'voucher.pdf', data: PDF.toString('base64') },
  });
  ids.location = await fake.rich({
    chatId: CUSTOMER.id,
    type: 'location',
    location: {
      lat: -50.9423,
      lng: -73.4068,
      name: 'Hostería Las Torres',
      address: 'Torres del Paine, Magallanes',
    },
  });

  await page.goto(`/chats?chat=${chatId}`);
  const list = page.getByTestId('message-list');

  // The photo: inline once downloaded, opens in a lightbox with a download.
  const image = list.getByTestId('bubble-image');
  await expect(image).toBeVisible({ timeout: 30_000 });
  await expect
    .poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: 15_000 })
    .toBe(800);
  await expect(bubble(page, 'bubble-image')).toContainText(reservation.code);
  await image.click();
  const lightbox = page.getByTestId('lightbox');
  await expect(lightbox.getByRole('img')).toBeVisible();
  await expect(lightbox.getByRole('link', { name: 'Descargar' })).toHaveAttribute('href', /download=1/);
  await page.keyboard.press('Escape');
  await expect(lightbox).toBeHidden();

  // The voice note plays, with its length shown.
  const voice = list.getByTestId('bubble-voice');
  await expect(voice).toBeVisible({ timeout: 30_000 });
  await expect(bubble(page, 'bubble-voice').getByTestId('duration')).toHaveText('0:02');
  await voice.evaluate((audio: HTMLAudioElement) => audio.play());
  await expect
    .poll(() => voice.evaluate((audio: HTMLAudioElement) => audio.currentTime), { timeout: 10_000 })
    .toBeGreaterThan(0);
  await voice.evaluate((audio: HTMLAudioElement) => audio.pause());

  // The PDF downloads with its name.
  const document = bubble(page, 'bubble-document');
  await expect(document).toContainText('voucher.pdf');
  const link = document.getByRole('link', { name: 'Descargar voucher.pdf' });
  await expect(link).toBeVisible({ timeout: 30_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toBe('voucher.pdf');

  // The location opens OpenStreetMap in a new tab (answered here: the test machine has no internet).
  await context.route('https://www.openstreetmap.org/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<title>OpenStreetMap</title>' }),
  );
  const place = bubble(page, 'bubble-location');
  await expect(place).toContainText('Hostería Las Torres');
  await expect(place).toContainText('-50.942300, -73.406800');
  const [map] = await Promise.all([
    page.waitForEvent('popup'),
    place.getByRole('link', { name: 'Ver en OpenStreetMap' }).click(),
  ]);
  await map.waitForLoadState();
  expect(map.url()).toMatch(/^https:\/\/www\.openstreetmap\.org\/\?mlat=-50\.942300&mlon=-73\.406800/);
  await map.close();

  // The chat list names the newest message's kind.
  await expect(chatList(page).getByText('📍 Hostería Las Torres')).toBeVisible();
  await noSeriousA11yViolations(page);
});

test('the request is created from the photo’s caption', async ({ page }) => {
  await signIn(page);
  await page.goto('/requests');
  await expect(page.getByTestId('request-row').filter({ hasText: reservation.code })).toBeVisible({
    timeout: 30_000,
  });
});

test('the superadmin replies quoting the photo with an image and a caption, and reacts 👍', async ({
  page,
}) => {
  await signIn(page);
  await page.goto(`/chats?chat=${chatId}`);
  const original = bubble(page, 'bubble-image').first();
  await expect(original).toBeVisible({ timeout: 30_000 });
  await original.hover();
  await original.getByRole('button', { name: 'Responder' }).click();
  await expect(page.getByTestId('reply-preview')).toContainText(reservation.code);
  const plan = await photo(640, 480, 'Punto de encuentro', 'png');
  await page
    .getByTestId('file-input')
    .setInputFiles({ name: 'punto-de-encuentro.png', mimeType: 'image/png', buffer: plan });
  await expect(page.getByTestId('attachment-preview')).toContainText('punto-de-encuentro.png');
  const caption = 'Recibido ✅ Los esperamos aquí a las 7:45';
  await page.getByLabel('Agrega un comentario (opcional)').fill(caption);
  await page.getByRole('button', { name: 'Enviar' }).click();
  await expect
    .poll(async () => (await fake.sent()).filter((s) => s.type === 'image' && s.caption === caption), {
      timeout: 30_000,
    })
    .toEqual([
      expect.objectContaining({
        chatId: CUSTOMER.id,
        quotedId: ids.photo!.id,
        media: { mimetype: 'image/png', filename: 'punto-de-encuentro.png', size: plan.length },
      }),
    ]);
  const reply = page.getByTestId('message').filter({ hasText: caption });
  await expect(reply.getByTestId('quoted')).toContainText(reservation.code);
  await expect(reply.getByTestId('bubble-image')).toBeVisible({ timeout: 30_000 });
  await expect(reply.getByTestId('ack')).toHaveAttribute('data-ack', /[123]/, { timeout: 20_000 });

  // Clicking the quote scrolls back to the photo.
  await reply.getByTestId('quoted').click();
  await expect(original).toBeInViewport();

  await original.hover();
  await original.getByRole('button', { name: 'Reaccionar', exact: true }).click();
  await page.getByRole('button', { name: 'Reaccionar 👍' }).click();
  await expect(original.getByTestId('reactions')).toContainText('👍');
  await expect
    .poll(async () => (await fake.sent()).filter((s) => s.type === 'reaction' && s.id === ids.photo!.id), {
      timeout: 20_000,
    })
    .toEqual([expect.objectContaining({ emoji: '👍' })]);
  // The customer reacts too; both show under the bubble with who reacted.
  await fake.reaction({ messageId: ids.photo!.id, emoji: '❤️', from: CUSTOMER.id });
  await expect(original.getByTestId('reactions')).toContainText('❤️', { timeout: 20_000 });
  await expect(original.getByTestId('reactions').getByRole('button', { name: /👍 de Tú/ })).toBeVisible();
  await shoot(page.getByTestId('message').filter({ hasText: caption }), 'bubble-reply-image');
  await expect(original).not.toHaveAttribute('data-highlighted', 'true');
  await shoot(original, 'bubble-image-reactions');
});

test('a deleted and an edited message show as such', async ({ page }) => {
  await signIn(page);
  const deleted = await fake.message({ chatId: CUSTOMER.id, body: 'Perdón, me equivoqué de fecha' });
  const edited = await fake.message({ chatId: CUSTOMER.id, body: 'Somos 3 personas' });
  await page.goto(`/chats?chat=${chatId}`);
  await expect(page.getByTestId('message-list')).toContainText('Somos 3 personas', { timeout: 20_000 });
  await fake.revoke(deleted.id);
  await fake.edit(edited.id, 'Somos 4 personas');
  const revoked = page.locator('[data-testid="message"][data-kind="revoked"]');
  await expect(revoked.getByTestId('revoked')).toHaveText('Mensaje eliminado', { timeout: 20_000 });
  await expect(revoked.getByTestId('revoked-original')).toContainText('Perdón, me equivoqué de fecha');
  const changed = page.getByTestId('message').filter({ hasText: 'Somos 4 personas' });
  await expect(changed.getByTestId('edited')).toBeVisible({ timeout: 20_000 });
  await expect(changed.getByTestId('edited')).toHaveAttribute('title', 'Antes: Somos 3 personas');
  await changed.getByTestId('edited').click();
  await expect(changed.getByTestId('previous-body')).toHaveText('Antes: Somos 3 personas');
  await shoot(revoked, 'bubble-revoked');
  await shoot(changed, 'bubble-edited');
});

test('every other kind has its bubble: sticker, video, contact card, poll, and files not downloaded', async ({
  page,
}) => {
  await signIn(page);
  // A chat with the guide exists, so his contact card offers to open it.
  await customerChat(page, { id: '56911110000@c.us', name: 'Guía Matías' }, 'Hola, soy Matías, el guía');
  // The next download gets nothing from WhatsApp (the sender's phone re-uploading an old file: sent first,
  // nothing else is downloading now). The bubble says it will be asked for again, and offers to ask now.
  await fake.misbehave({ mediaExpired: 1 });
  await fake.rich({
    chatId: CUSTOMER.id,
    type: 'image',
    caption: 'Foto antigua',
    media: { mimetype: 'image/jpeg', size: 2048, width: 400, height: 300 },
  });
  await page.goto(`/chats?chat=${chatId}`);
  const expired = page.getByTestId('message').filter({ hasText: 'Foto antigua' });
  await expect(expired.getByTestId('media-state')).toHaveAttribute('data-state', 'waiting', {
    timeout: 30_000,
  });
  await expect(expired.getByTestId('media-state')).toContainText('todavía no entrega el archivo');
  const sticker = await sharp(await photo(256, 256, '🙂', 'png'))
    .webp()
    .toBuffer();
  await fake.rich({
    chatId: CUSTOMER.id,
    type: 'sticker',
    media: { mimetype: 'image/webp', data: sticker.toString('base64') },
  });
  await fake.rich({
    chatId: CUSTOMER.id,
    type: 'video',
    caption: 'Así llegamos al mirador',
    media: { mimetype: 'video/mp4', size: 4096, duration: 14, width: 640, height: 360 },
  });
  await fake.rich({
    chatId: CUSTOMER.id,
    type: 'vcard',
    vcards: [
      'BEGIN:VCARD\nVERSION:3.0\nFN:Guía Matías\nTEL;type=CELL;waid=56911110000:+56 9 1111 0000\nEND:VCARD',
    ],
  });
  await fake.rich({
    chatId: CUSTOMER.id,
    type: 'poll_creation',
    poll: { name: '¿Qué día prefieren?', options: ['Sábado', 'Domingo'], allowMultiple: false },
  });
  await fake.rich({
    chatId: CUSTOMER.id,
    type: 'video',
    caption: 'Video largo del trekking',
    media: { mimetype: 'video/mp4', size: 40 * 1024 * 1024, duration: 300, width: 1280, height: 720 },
  });
  const list = page.getByTestId('message-list');
  await expect(list.getByTestId('bubble-sticker')).toBeVisible({ timeout: 30_000 });
  await expect(list.getByTestId('bubble-contact')).toContainText('Guía Matías');
  await expect(list.getByTestId('bubble-contact')).toContainText('+56911110000');
  await expect(list.getByTestId('bubble-contact').getByRole('button', { name: 'Abrir chat' })).toBeVisible({
    timeout: 20_000,
  });
  await expect(list.getByTestId('bubble-poll')).toContainText('Domingo');
  await expect(expired.getByRole('button', { name: 'Reintentar' })).toBeVisible();
  const large = page.getByTestId('message').filter({ hasText: 'Video largo del trekking' });
  await expect(large.getByTestId('media-state')).toHaveAttribute('data-state', 'too_large', {
    timeout: 30_000,
  });
  await expect(large.getByRole('button', { name: 'Descargar igual' })).toBeVisible();
  await expect(
    page.getByTestId('message').filter({ hasText: 'Así llegamos al mirador' }).getByTestId('bubble-video'),
  ).toBeVisible({ timeout: 30_000 });

  for (const [testId, name] of [
    ['bubble-image', 'bubble-image'],
    ['bubble-voice', 'bubble-voice-note'],
    ['bubble-document', 'bubble-document'],
    ['bubble-location', 'bubble-location'],
    ['bubble-sticker', 'bubble-sticker'],
    ['bubble-video', 'bubble-video'],
    ['bubble-contact', 'bubble-contact'],
    ['bubble-poll', 'bubble-poll'],
  ] as const)
    await shoot(bubble(page, testId).first(), name);
  await shoot(expired, 'bubble-media-waiting');
  await shoot(large, 'bubble-media-too-large');
  await page.screenshot({ path: `${SHOTS}/chat-media.png` });
  await noSeriousA11yViolations(page);
  // Asking now gets the file: WhatsApp hands it over this time.
  await expired.getByRole('button', { name: 'Reintentar' }).click();
  await expect(expired.getByTestId('bubble-image')).toBeVisible({ timeout: 30_000 });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId('message-list').evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  await page.screenshot({ path: `${SHOTS}/chat-media-phone.png` });
  await bubble(page, 'bubble-image').first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/chat-media-phone-photo.png` });
});
