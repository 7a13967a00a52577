/** The experiences API's shapes, inferred from the response schemas (lib/api/schemas/responses.ts). */
export type { EffectiveGroup, ExperienceItem } from '@/lib/api/schemas/responses';
