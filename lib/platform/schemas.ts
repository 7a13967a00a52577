import { z } from 'zod';
import { experienceStatus, reservationStatus } from '../db/schema';

/**
 * Request bodies of the marketplace-facing API (organizers, experiences, reservations). The verbs validate
 * with these; the API edge reuses them for its OpenAPI description and error details.
 */
export const externalIdSchema = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .regex(/^[\w.:-]+$/, 'letters, digits and . _ : - only');

/** A phone as people type it (`+56 9 1234 5678`); at least 8 digits once spaces and symbols are ignored. */
const phone = z
  .string()
  .trim()
  .max(40)
  .refine((v) => v === '' || v.replace(/\D/g, '').length >= 8, 'a phone number with at least 8 digits')
  .nullish()
  .transform((v) => (v ? v : null));

export const organizerInputSchema = z.object({
  name: z.string().trim().min(1).max(200),
  email: z
    .email()
    .max(200)
    .nullish()
    .transform((v) => v?.toLowerCase() ?? null),
  phone,
});
export type OrganizerInput = z.input<typeof organizerInputSchema>;

export const experienceInputSchema = z.object({
  organizerExternalId: externalIdSchema,
  title: z.string().trim().min(1).max(300),
  status: z.enum(experienceStatus.enumValues).default('published'),
});
export type ExperienceInput = z.input<typeof experienceInputSchema>;

/** Codes arrive in any case; they are stored upper case (the detector upper-cases what it finds). */
export const reservationCodeSchema = z
  .string()
  .trim()
  .min(3)
  .max(40)
  .regex(/^[A-Za-z0-9][\w-]*$/, 'a code like RES-7KQ2M')
  .transform((c) => c.toUpperCase());

export const reservationInputSchema = z.object({
  experienceExternalId: externalIdSchema,
  externalId: externalIdSchema.nullish(),
  customerName: z.string().trim().min(1).max(200),
  customerPhone: phone,
  date: z.iso
    .date()
    .nullish()
    .transform((v) => v ?? null),
  partySize: z.number().int().min(1).max(500).default(1),
  status: z.enum(reservationStatus.enumValues).default('pending'),
});
export type ReservationInput = z.input<typeof reservationInputSchema>;
