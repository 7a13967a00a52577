/** Rows of the admin API, inferred from the response schemas (lib/api/schemas/responses.ts). */
export type {
  ApiKeyRow,
  DeliveryRow,
  DeliveryStatus,
  EndpointRow,
  Page,
  UserRow,
} from '@/lib/api/schemas/responses';
