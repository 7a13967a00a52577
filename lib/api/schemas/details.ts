import { z } from 'zod';
import { REQUEST_STATUSES } from '../../reservations/request-status';
import { chatItem } from './responses';

/** The chat details panel (GET …/chats/{id}/details/) and marking a chat read or unread. */
const id = z.number().int().positive();
const timestamp = z.iso.datetime();
const groupRef = z.object({ id, name: z.string().nullable(), waId: z.string() });

export const chatDetails = z.object({
  chat: chatItem,
  person: z
    .object({
      name: z.string().nullable(),
      pushName: z.string().nullable(),
      phone: z.string().nullable(),
      wid: z.string(),
      lid: z.string().nullable(),
      isBusiness: z.boolean(),
      isMyContact: z.boolean(),
      requests: z.array(
        z.object({
          id,
          code: z.string(),
          status: z.enum(REQUEST_STATUSES),
          createdAt: timestamp,
          experience: z.string().nullable(),
        }),
      ),
      sharedGroups: z.array(groupRef),
    })
    .nullable(),
  group: z
    .object({
      description: z.string().nullable(),
      participants: z.array(
        z.object({
          wid: z.string(),
          name: z.string().nullable(),
          phone: z.string().nullable(),
          isAdmin: z.boolean(),
          isSuperAdmin: z.boolean(),
          isMe: z.boolean(),
        }),
      ),
      ourRole: z.enum(['superadmin', 'admin', 'member', 'none']),
      experiences: z.array(z.object({ id, title: z.string(), isOverride: z.boolean() })),
      operators: z.array(z.object({ id, name: z.string() })),
      warnings: z.array(z.object({ code: z.string(), message: z.string() })),
    })
    .nullable(),
});
export type ChatDetails = z.infer<typeof chatDetails>;

export const markReadBody = z.object({
  read: z.boolean().meta({ description: 'true: mark read (unread count 0); false: mark unread.' }),
});

const phones = z.array(z.string().trim().min(3).max(40)).max(256);

export const createOperatorGroupBody = z.object({
  colleagues: phones
    .optional()
    .meta({ description: 'Colleagues to add beside the operator: phone numbers (+56 9 …) or WhatsApp ids.' }),
  name: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .meta({ description: 'Default: "Reservas {operator} · Tuki".' }),
});

export const participantsBody = z.object({
  action: z.enum(['add', 'remove', 'promote', 'demote']),
  participants: phones.min(1).meta({ description: 'Phone numbers or WhatsApp ids.' }),
});

export const updateGroupBody = z.union([
  z.object({ name: z.string().trim().min(1).max(100) }).strict(),
  z.object({ description: z.string().max(2048) }).strict(),
]);
