import type { GroupSource } from '@/lib/bindings/group-source';

export interface EffectiveGroup {
  chatId: number | null;
  waId: string | null;
  name: string | null;
  source: GroupSource;
  bindingId: number | null;
  warning: { code: 'chat_deleted' | 'not_member' | 'flagged'; message: string } | null;
}

export interface ExperienceItem {
  id: number;
  externalId: string | null;
  title: string;
  status: 'draft' | 'published' | 'archived';
  organizer: { id: number; name: string };
  operator: { id: number; name: string } | null;
  group: EffectiveGroup;
}
