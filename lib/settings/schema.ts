import { z } from 'zod';
import { compileCodePattern, DEFAULT_CODE_PATTERN } from '../reservations/code-pattern';
import { unknownPlaceholders } from './render-template';

/**
 * Everything an admin can tune without a deploy. Each top-level key is one row of the `settings` table
 * (key → jsonb); a key with no row, or a row that no longer validates, reads as its default.
 */
export const DEFAULT_SETTINGS = {
  codePattern: DEFAULT_CODE_PATTERN,
  notificationTemplate: [
    '🔔 Nueva solicitud de reserva *{code}*',
    'Experiencia: {experience}',
    'Fecha: {date}',
    'Personas: {partySize}',
    'Cliente: {customerName} ({customerPhone})',
    'Chat del cliente: {chatLink}',
    '',
    'Para responder, escriban «{code} confirmo» o «{code} rechazo».',
  ].join('\n'),
  confirmWords: ['confirmo', 'ok', '✅'],
  rejectWords: ['rechazo', 'no disponible', '❌'],
  replyConfirmedTemplate:
    '¡Hola {customerName}! Tu reserva {code} para «{experience}» el {date} está confirmada ✅. ¡Nos vemos pronto!',
  replyRejectedTemplate:
    'Hola {customerName}, lamentablemente el operador no tiene disponibilidad para tu reserva {code} ' +
    '(«{experience}», {date}). Te escribiremos con alternativas.',
  notifyAckTimeoutSeconds: 120,
  sendingPace: { perChatMinGapMs: 3000, globalPerMinute: 20, jitterMs: 1500 },
  /**
   * Marking a chat read in the console also sends WhatsApp's read receipt (blue ticks). Off by default: an
   * operator reading the dashboard has not necessarily answered, and the customer would see "read".
   */
  sendReadReceipts: false,
};

const template = z
  .string()
  .trim()
  .min(1, 'The template cannot be empty.')
  .max(2000)
  .superRefine((value, ctx) => {
    const unknown = unknownPlaceholders(value);
    if (unknown.length > 0)
      ctx.addIssue({
        code: 'custom',
        message: `Unknown placeholders: ${unknown.map((k) => `{${k}}`).join(', ')}.`,
      });
  });

const words = z
  .array(z.string().trim().min(1).max(60))
  .min(1, 'At least one word is needed.')
  .max(30)
  .transform((list) => [...new Set(list.map((w) => w.toLowerCase()))]);

const codePattern = z
  .string()
  .min(1)
  .max(200)
  .superRefine((value, ctx) => {
    const compiled = compileCodePattern(value);
    if (!compiled.ok) ctx.addIssue({ code: 'custom', message: compiled.reason });
  });

const sendingPace = z.object({
  perChatMinGapMs: z.number().int().min(0).max(600_000),
  globalPerMinute: z.number().int().min(1).max(600),
  jitterMs: z.number().int().min(0).max(60_000),
});

/** One schema per key: used to read stored rows and to validate updates. */
export const settingSchemas = {
  codePattern,
  notificationTemplate: template,
  confirmWords: words,
  rejectWords: words,
  replyConfirmedTemplate: template,
  replyRejectedTemplate: template,
  notifyAckTimeoutSeconds: z.number().int().min(10).max(86_400),
  sendingPace,
  sendReadReceipts: z.boolean(),
};

export type Settings = { [K in keyof typeof settingSchemas]: z.output<(typeof settingSchemas)[K]> };
export type SettingKey = keyof Settings;
export const SETTING_KEYS = Object.keys(settingSchemas) as SettingKey[];

/** What `updateSettings` accepts: any subset of keys; `sendingPace` may itself be partial. */
export const settingsPatchSchema = z
  .object({
    ...settingSchemas,
    sendingPace: sendingPace.partial(),
  })
  .partial()
  .strict();
export type SettingsPatch = z.input<typeof settingsPatchSchema>;
