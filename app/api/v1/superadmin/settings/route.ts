import { readJson } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { settingsBody } from '@/lib/api/schemas/dashboard';
import { getSettings, updateSettings } from '@/lib/settings/settings';

/** The stored settings merged over the defaults. */
export const GET = apiRoute('read', async ({ db }) => json(await getSettings(db)));

/** Any subset of the keys; answers with all settings as they are after the change (audited). */
export const PATCH = apiRoute('write', async ({ db, request, actor }) => {
  const patch = await readJson(request, settingsBody);
  return json(await updateSettings(db, patch, actor));
});
