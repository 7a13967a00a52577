/** The reservation-requests API's shapes, inferred from the response schemas (lib/api/schemas/responses.ts). */
export type { RequestDetail, RequestItem } from '@/lib/api/schemas/responses';
