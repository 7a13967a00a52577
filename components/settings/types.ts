import type { ApiKeyScope } from '@/lib/auth/api-keys';
import type { Role } from '@/lib/auth/users';
import type { deliveryStatus, WebhookEvent } from '@/lib/db/schema';

/** Rows of the admin API as JSON delivers them (timestamps as ISO strings). */

export interface UserRow {
  id: number;
  email: string;
  name: string | null;
  role: Role;
  disabled: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface ApiKeyRow {
  id: number;
  name: string;
  prefix: string;
  scope: ApiKeyScope;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

export interface EndpointRow {
  id: number;
  url: string;
  events: WebhookEvent[];
  description: string | null;
  active: boolean;
  secretHint: string;
  pendingCount: number;
  deadCount: number;
  lastDeliveredAt: string | null;
  createdAt: string;
}

export type DeliveryStatus = (typeof deliveryStatus.enumValues)[number];

export interface DeliveryRow {
  id: number;
  event: WebhookEvent;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
