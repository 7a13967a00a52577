import { z } from 'zod';
import { sessionNameSchema } from '../../whatsapp/sessions/view';

/**
 * Request shapes of the REST API. Route handlers validate with these and the OpenAPI document is generated from
 * the same objects, so the documentation cannot drift from what is accepted. Query parameters arrive as
 * strings: numbers and booleans are coerced here.
 */

export const idParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const boolParam = z.enum(['true', 'false']).transform((v) => v === 'true');

export const sessionQuery = z.object({
  session: sessionNameSchema.optional().meta({ description: 'WhatsApp session name; default WA_SESSION.' }),
});

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).meta({ description: 'Page size, at most 200.' }),
  cursor: z
    .string()
    .min(1)
    .max(1400)
    .optional()
    .meta({ description: '`nextCursor` of the previous page, passed back unchanged.' }),
});

export const searchQuery = z.object({
  q: z.string().trim().max(200).optional().meta({ description: 'Case-insensitive search.' }),
});

export const booleanParam = boolParam;

/** Published as components.schemas.Error. */
export const errorSchema = z.object({
  error: z.object({
    code: z.string().meta({ description: 'Machine-readable: bad_request, unauthorized, forbidden, …' }),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

/** A page of any list: `nextCursor` is null on the last page. */
export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** `{ "chatId": … }` of the group PATCHes: our numeric chat id, or the WhatsApp group id, or null. */
export const groupBody = z
  .object({
    chatId: z.union([
      z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
      z
        .string()
        .trim()
        .max(128)
        .regex(/^(\d{1,15}|[\w.-]+@g\.us)$/, 'a chat id (e.g. 42) or a WhatsApp group id (…@g.us)'),
      z.null(),
    ]),
  })
  .meta({
    description:
      'chatId: our numeric chat id (number, or digits as a string) or the WhatsApp group id (`…@g.us`, looked up in ?session=, default WA_SESSION); null goes back to the default.',
  });
