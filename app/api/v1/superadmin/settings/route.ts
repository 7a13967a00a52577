import { readJson } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { settingsBody } from '@/lib/api/schemas/dashboard';
import { getSettings, updateSettings } from '@/lib/settings/settings';

const op = operationsAt('/api/v1/superadmin/settings/');

/** The stored settings merged over the defaults. */
export const GET = apiRoute(op.get, async ({ db }) => json(await getSettings(db)));

/** Any subset of the keys; answers with all settings as they are after the change (audited). */
export const PATCH = apiRoute(op.patch, async ({ db, request, actor }) => {
  const patch = await readJson(request, settingsBody);
  return json(await updateSettings(db, patch, actor));
});
