import { inArray } from 'drizzle-orm';
import type { Actor } from '../audit/actor';
import { actorLabel } from '../audit/actor';
import { recordAudit } from '../audit/record';
import type { Tx } from '../db';
import { settings as settingsTable } from '../db/schema';
import { parseInput } from '../errors/parse';
import {
  DEFAULT_SETTINGS,
  SETTING_KEYS,
  type SettingKey,
  type Settings,
  type SettingsPatch,
  settingSchemas,
  settingsPatchSchema,
} from './schema';

/** Stored values merged over the defaults. A stored value that no longer validates falls back to its default. */
export async function getSettings(db: Tx): Promise<Settings> {
  const rows = await db.select().from(settingsTable).where(inArray(settingsTable.key, SETTING_KEYS));
  const merged: Record<string, unknown> = structuredClone(DEFAULT_SETTINGS);
  for (const row of rows) {
    const key = row.key as SettingKey;
    const parsed = settingSchemas[key].safeParse(row.value);
    if (parsed.success) merged[key] = parsed.data;
  }
  return merged as Settings;
}

/**
 * Validates and stores a partial update, then audits what changed (old and new value per key). Returns the
 * settings as they are after the update. Keys whose value does not change are neither written nor audited.
 */
export async function updateSettings(db: Tx, patch: SettingsPatch, actor: Actor): Promise<Settings> {
  const parsed = parseInput(settingsPatchSchema, patch, 'Invalid settings.');
  return db.transaction(async (tx) => {
    const current = await getSettings(tx);
    const next: Record<string, unknown> = { ...current };
    const changed: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of SETTING_KEYS) {
      const value = parsed[key];
      if (value === undefined) continue;
      const merged =
        key === 'sendingPace'
          ? { ...current.sendingPace, ...(value as Partial<Settings['sendingPace']>) }
          : value;
      if (JSON.stringify(merged) === JSON.stringify(current[key])) continue;
      changed[key] = { from: current[key], to: merged };
      next[key] = merged;
      await tx
        .insert(settingsTable)
        .values({ key, value: merged, updatedBy: actorLabel(actor) })
        .onConflictDoUpdate({
          target: settingsTable.key,
          set: { value: merged, updatedBy: actorLabel(actor), updatedAt: new Date() },
        });
    }
    if (Object.keys(changed).length > 0)
      await recordAudit(tx, { actor, action: 'settings.update', targetType: 'settings', details: changed });
    return next as Settings;
  });
}
