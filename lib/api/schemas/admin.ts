import { z } from 'zod';
import { createApiKeyInput } from '../../auth/api-keys';
import { inviteUserInput, resetPasswordInput, updateUserInput } from '../../auth/manage-users';
import { deliveryStatus, WEBHOOK_EVENTS } from '../../db/schema';
import { createWebhookEndpointInput, updateWebhookEndpointInput } from '../../webhooks/endpoints';
import { booleanParam, idParam, pageQuery } from './common';

export const createUserBody = inviteUserInput;
export const updateUserBody = z.object(updateUserInput.shape).omit({ id: true });
export const resetPasswordBody = resetPasswordInput.omit({ id: true });

export const createApiKeyBody = createApiKeyInput;
export const apiKeysQuery = z.object({ includeRevoked: booleanParam.optional() });

export const createEndpointBody = createWebhookEndpointInput;
export const updateEndpointBody = updateWebhookEndpointInput
  .omit({ id: true })
  .refine((v) => Object.values(v).some((x) => x !== undefined), 'Nothing to change.');

export const deliveriesQuery = z.object({
  ...pageQuery.shape,
  endpointId: idParam.optional(),
  status: z.enum(deliveryStatus.enumValues).optional(),
  event: z.enum(WEBHOOK_EVENTS).optional(),
});
