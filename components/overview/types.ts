/** The overview as JSON delivers it, inferred from its response schema (lib/api/schemas/responses.ts). */
export type { OverviewView } from '@/lib/api/schemas/responses';
