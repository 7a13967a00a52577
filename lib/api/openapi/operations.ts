import { z } from 'zod';
import { requestPairingCodePayload } from '../../commands/enqueue';
import { experienceInputSchema, organizerInputSchema, reservationInputSchema } from '../../platform/schemas';
import { createSessionInput, deleteSessionInput, updateSessionInput } from '../../whatsapp/sessions/manage';
import type { Access } from '../principal';
import { groupBody, pageSchema, sessionQuery } from '../schemas/common';
import {
  chatDetails,
  createOperatorGroupBody,
  markReadBody,
  participantsBody,
  updateGroupBody,
} from '../schemas/details';
import {
  chatItem,
  commandView,
  deletedSession,
  experienceItem,
  groupItem,
  mediaDownloadView,
  operatorItem,
  qrView,
  queuedCommand,
  requestDetail,
  requestItem,
  sessionStatusView,
} from '../schemas/responses';
import {
  chatExportQuery,
  historyPage,
  historyQuery,
  requestsExportQuery,
  searchMessagesQuery,
  searchResults,
} from '../schemas/search';
import {
  chatsQuery,
  experiencesQuery,
  groupsQuery,
  operatorsQuery,
  parkedMessagesQuery,
  reactionBody,
  requestsQuery,
  sendMediaForm,
  sendMessageBody,
  syncBody,
} from '../schemas/whatsapp';
import { ADMIN_OPERATIONS } from './admin-operations';
import type { Operation } from './types';

export type { Method, Operation } from './types';

const WA = '/api/v1/superadmin/whatsapp';

const WHATSAPP_AND_PLATFORM = [
  {
    method: 'get',
    path: `${WA}/status/`,
    summary: 'Connection status and worker liveness',
    tag: 'WhatsApp',
    access: 'read',
    query: sessionQuery,
    response: sessionStatusView,
  },
  {
    method: 'get',
    path: `${WA}/qr/`,
    summary: 'QR code (or pairing code) to link the phone',
    tag: 'WhatsApp',
    access: 'write',
    query: sessionQuery,
    response: qrView,
  },
  {
    method: 'post',
    path: `${WA}/session/restart/`,
    summary: 'Restart the WhatsApp client (202 with the command)',
    tag: 'WhatsApp',
    access: 'write',
    query: sessionQuery,
    status: 202,
    response: queuedCommand,
  },
  {
    method: 'post',
    path: `${WA}/session/logout/`,
    summary: 'Unlink the phone (202 with the command)',
    tag: 'WhatsApp',
    access: 'write',
    query: sessionQuery,
    status: 202,
    response: queuedCommand,
  },
  {
    method: 'post',
    path: `${WA}/session/pairing-code/`,
    summary: 'Ask for a pairing code instead of a QR (202; the code appears in …/qr/)',
    tag: 'WhatsApp',
    access: 'write',
    query: sessionQuery,
    body: requestPairingCodePayload,
    status: 202,
    response: queuedCommand,
  },
  {
    method: 'get',
    path: `${WA}/sessions/`,
    summary: 'Every WhatsApp number with its status, health and whether it waits for a worker',
    tag: 'WhatsApp numbers',
    access: 'read',
    response: z.object({ items: z.array(sessionStatusView) }),
  },
  {
    method: 'post',
    path: `${WA}/sessions/`,
    summary: 'Add a WhatsApp number (201); a worker with room claims it and shows its QR',
    tag: 'WhatsApp numbers',
    access: 'write',
    body: createSessionInput,
    status: 201,
    response: sessionStatusView,
  },
  {
    method: 'get',
    path: `${WA}/sessions/{name}/`,
    summary: 'One WhatsApp number',
    tag: 'WhatsApp numbers',
    access: 'read',
    response: sessionStatusView,
  },
  {
    method: 'patch',
    path: `${WA}/sessions/{name}/`,
    summary: 'Rename a WhatsApp number (its label; the name is its stable id)',
    tag: 'WhatsApp numbers',
    access: 'write',
    body: updateSessionInput,
    response: sessionStatusView,
  },
  {
    method: 'delete',
    path: `${WA}/sessions/{name}/`,
    summary:
      'Delete a WhatsApp number; `messages` says whether its chats, messages and files stay read-only (`keep`) or go (`purge`, with the files only it had). A linked, running number is signed out of WhatsApp first',
    tag: 'WhatsApp numbers',
    access: 'write',
    body: deleteSessionInput,
    response: deletedSession,
  },
  {
    method: 'post',
    path: `${WA}/sessions/{name}/start/`,
    summary: 'Start a number: a worker of the pool claims it',
    tag: 'WhatsApp numbers',
    access: 'write',
    response: sessionStatusView,
  },
  {
    method: 'post',
    path: `${WA}/sessions/{name}/stop/`,
    summary: 'Stop a number: its worker closes the client and releases it within seconds',
    tag: 'WhatsApp numbers',
    access: 'write',
    response: sessionStatusView,
  },
  {
    method: 'post',
    path: `${WA}/sessions/{name}/restart/`,
    summary: 'Restart the number’s WhatsApp client (202 with the command)',
    tag: 'WhatsApp numbers',
    access: 'write',
    status: 202,
    response: queuedCommand,
  },
  {
    method: 'post',
    path: `${WA}/sessions/{name}/logout/`,
    summary: 'Sign the number out of WhatsApp (202 with the command; a new QR scan links it again)',
    tag: 'WhatsApp numbers',
    access: 'write',
    status: 202,
    response: queuedCommand,
  },
  {
    method: 'get',
    path: `${WA}/chats/`,
    summary: 'Chats and groups, newest activity first',
    tag: 'WhatsApp',
    access: 'read',
    query: chatsQuery,
    response: pageSchema(chatItem),
  },
  {
    method: 'get',
    path: `${WA}/chats/{id}/`,
    summary: 'One chat',
    tag: 'WhatsApp',
    access: 'read',
    response: chatItem,
  },
  {
    method: 'get',
    path: `${WA}/chats/{id}/messages/`,
    summary: 'A chat’s messages, newest first (or opened around one message)',
    tag: 'WhatsApp',
    access: 'read',
    query: historyQuery,
    response: historyPage,
  },
  {
    method: 'get',
    path: `${WA}/chats/{id}/details/`,
    summary:
      'A chat’s details: the person (names, phone, @lid, requests, shared groups) or the group (participants, our role, who it notifies, warnings)',
    tag: 'WhatsApp',
    access: 'read',
    response: chatDetails,
  },
  {
    method: 'post',
    path: `${WA}/chats/{id}/read/`,
    summary:
      'Mark a chat read or unread in the console; with the sendReadReceipts setting on, reading an unread chat also sends WhatsApp’s read receipt',
    tag: 'WhatsApp',
    access: 'write',
    body: markReadBody,
  },
  {
    method: 'get',
    path: `${WA}/chats/{id}/export/`,
    summary: 'Download a chat’s whole history (CSV, JSON or WhatsApp’s .txt), streamed; audited',
    tag: 'WhatsApp',
    access: 'read',
    query: chatExportQuery,
  },
  {
    method: 'post',
    path: `${WA}/chats/{id}/messages/`,
    summary:
      'Queue a message: JSON text, or multipart/form-data with a file and caption (202 with the command)',
    tag: 'WhatsApp',
    access: 'write',
    body: sendMessageBody,
    form: sendMediaForm,
    status: 202,
    response: queuedCommand,
  },
  {
    method: 'post',
    path: `${WA}/messages/{id}/reactions/`,
    summary: 'Queue our reaction to a message; "" removes it (202 with the command)',
    tag: 'WhatsApp',
    access: 'write',
    body: reactionBody,
    status: 202,
    response: queuedCommand,
  },
  {
    method: 'get',
    path: `${WA}/messages/search/`,
    summary: 'Search messages (full text, accents ignored), newest first, grouped by chat',
    tag: 'WhatsApp',
    access: 'read',
    query: searchMessagesQuery,
    response: searchResults,
  },
  {
    method: 'get',
    path: `${WA}/groups/`,
    summary: 'Groups, alphabetically',
    tag: 'WhatsApp',
    access: 'read',
    query: groupsQuery,
    response: pageSchema(groupItem),
  },
  {
    method: 'patch',
    path: `${WA}/groups/{id}/`,
    summary: 'Rename a group or set its description (202; our number must be admin)',
    tag: 'Groups',
    access: 'write',
    body: updateGroupBody,
    status: 202,
    response: queuedCommand,
  },
  {
    method: 'post',
    path: `${WA}/groups/{id}/invite/`,
    summary: 'Get the group’s invite link (202; the link is in the command’s result)',
    tag: 'Groups',
    access: 'write',
    status: 202,
    response: queuedCommand,
  },
  {
    method: 'delete',
    path: `${WA}/groups/{id}/invite/`,
    summary: 'Revoke the group’s invite link (202; the new link is in the command’s result)',
    tag: 'Groups',
    access: 'write',
    status: 202,
    response: queuedCommand,
  },
  {
    method: 'post',
    path: `${WA}/groups/{id}/participants/`,
    summary:
      'Add, remove, promote or demote participants (202; the result answers each participant, and `notApplied` lists those WhatsApp left as they were)',
    tag: 'Groups',
    access: 'write',
    body: participantsBody,
    status: 202,
    response: queuedCommand,
  },
  {
    method: 'post',
    path: `${WA}/sync/`,
    summary: 'Queue a sync of the chat list or of one chat’s history (202)',
    tag: 'WhatsApp',
    access: 'write',
    query: sessionQuery,
    body: syncBody,
    status: 202,
    response: queuedCommand,
  },
  {
    method: 'get',
    path: `${WA}/commands/{id}/`,
    summary: 'Progress and outcome of a queued command',
    tag: 'WhatsApp',
    access: 'read',
    response: commandView,
  },
  {
    method: 'get',
    path: `${WA}/experiences/`,
    summary: 'Experiences with organizer, operator and effective group',
    tag: 'Groups',
    access: 'read',
    query: experiencesQuery,
    response: pageSchema(experienceItem),
  },
  {
    method: 'patch',
    path: `${WA}/experiences/{id}/group/`,
    summary: 'Bind an experience to a group (null: back to the default)',
    tag: 'Groups',
    access: 'write',
    query: sessionQuery,
    body: groupBody,
    response: experienceItem,
  },
  {
    method: 'delete',
    path: `${WA}/experiences/{id}/group/`,
    summary: 'Unbind an experience from every group (its own and the one inherited at creation)',
    tag: 'Groups',
    access: 'write',
    response: experienceItem,
  },
  {
    method: 'get',
    path: `${WA}/operators/`,
    summary: 'Tour operators with their default group',
    tag: 'Groups',
    access: 'read',
    query: operatorsQuery,
    response: pageSchema(operatorItem),
  },
  {
    method: 'patch',
    path: `${WA}/operators/{id}/default-group/`,
    summary: 'Set or clear an operator’s default group',
    tag: 'Groups',
    access: 'write',
    query: sessionQuery,
    body: groupBody,
    response: operatorItem,
  },
  {
    method: 'post',
    path: `${WA}/operators/{id}/group/`,
    summary:
      'Create a WhatsApp group for the operator (its phone + colleagues, our number admin) and make it its default (202)',
    tag: 'Groups',
    access: 'write',
    query: sessionQuery,
    body: createOperatorGroupBody,
    status: 202,
    response: queuedCommand,
  },
  {
    method: 'get',
    path: `${WA}/reservation-requests/`,
    summary: 'Reservation requests, newest first',
    tag: 'Reservations',
    access: 'read',
    query: requestsQuery,
    response: pageSchema(requestItem),
  },
  {
    method: 'get',
    path: `${WA}/reservation-requests/export/`,
    summary: 'Download the reservation requests (the list’s filters) as CSV, streamed; audited',
    tag: 'Reservations',
    access: 'read',
    query: requestsExportQuery,
  },
  {
    method: 'get',
    path: `${WA}/reservation-requests/{id}/`,
    summary: 'A reservation request with its trace',
    tag: 'Reservations',
    access: 'read',
    response: requestDetail,
  },
  {
    method: 'post',
    path: `${WA}/reservation-requests/{id}/replay/`,
    summary: 'Match and notify a failed or unmatched request again',
    tag: 'Reservations',
    access: 'write',
  },
  {
    method: 'get',
    path: `${WA}/parked-messages/`,
    summary: 'Messages whose processing failed, waiting to be replayed',
    tag: 'WhatsApp',
    access: 'read',
    query: parkedMessagesQuery,
  },
  {
    method: 'post',
    path: `${WA}/parked-messages/{id}/replay/`,
    summary: 'Process a parked message again',
    tag: 'WhatsApp',
    access: 'write',
    query: sessionQuery,
    status: 202,
  },
  {
    method: 'get',
    path: '/api/v1/whatsapp/messages/{id}/media/',
    summary:
      "A message's stored file: its real (sniffed) type, inline only for images, audio and video, `Range` → 206; `?download=1` as attachment",
    tag: 'WhatsApp',
    access: 'read',
  },
  {
    method: 'post',
    path: '/api/v1/whatsapp/messages/{id}/media/download/',
    summary: "Download a message's file now: retry a failed one, or download anyway past MEDIA_MAX_MB (202)",
    tag: 'WhatsApp',
    access: 'write',
    response: mediaDownloadView,
    status: 202,
  },
  {
    method: 'put',
    path: '/api/v1/platform/organizers/{externalId}/',
    summary: 'Create or update an organizer',
    tag: 'Platform',
    access: 'write',
    body: organizerInputSchema,
  },
  {
    method: 'put',
    path: '/api/v1/platform/experiences/{externalId}/',
    summary: 'Create or update an experience',
    tag: 'Platform',
    access: 'write',
    body: experienceInputSchema,
  },
  {
    method: 'put',
    path: '/api/v1/platform/reservations/{code}/',
    summary: 'Create or update a reservation',
    tag: 'Platform',
    access: 'write',
    body: reservationInputSchema,
  },
] as const satisfies readonly Operation[];

/**
 * Every operation of the API, and the one place its access is declared: each route handler names its
 * operation (`apiRoute('get /api/v1/…/chats/', …)`) and is authorized with the access written here, which is
 * also what the OpenAPI document publishes. A test checks this list against the route files on disk, both ways.
 */
export const OPERATIONS: Operation[] = [...WHATSAPP_AND_PLATFORM, ...ADMIN_OPERATIONS];

type Listed = (typeof WHATSAPP_AND_PLATFORM)[number] | (typeof ADMIN_OPERATIONS)[number];
type KeyOf<O> = O extends { method: infer M extends string; path: infer P extends string }
  ? `${M} ${P}`
  : never;

type UserFacing = Exclude<Listed, { access: 'signature' }>;

/** `"<method> <path>"` of an operation behind a user or API key (the signed webhooks have their own wrapper). */
export type OperationKey = KeyOf<UserFacing>;

/**
 * A route file's operations by method: `const op = operationsAt('/api/v1/…/chats/')` then `apiRoute(op.get, …)`.
 * Only the methods listed for that path type-check.
 */
export function operationsAt<P extends UserFacing['path']>(path: P) {
  type Methods = Extract<UserFacing, { path: P }>['method'];
  return Object.fromEntries(
    (['get', 'post', 'put', 'patch', 'delete'] as const).map((method) => [method, `${method} ${path}`]),
  ) as { [M in Methods]: `${M} ${P}` };
}

const byKey = new Map(OPERATIONS.map((op) => [`${op.method} ${op.path}`, op]));

/** The access an operation requires, as declared above. */
export function accessOf(key: OperationKey): Access {
  const access = byKey.get(key)?.access;
  // The types admit only listed, non-signature keys; this guards a cast or an unlisted method.
  if (access === undefined || access === 'signature') throw new Error(`No user-facing operation ${key}`);
  return access;
}
