import { z } from 'zod';
import { timeZoneSchema } from '../../overview/get-overview';
import { settingsPatchSchema } from '../../settings/schema';
import { sessionQuery } from './common';

/** Request shapes of the dashboard's own endpoints: the overview and the settings. */

export const overviewQuery = z.object({
  ...sessionQuery.shape,
  tz: timeZoneSchema.optional().meta({
    description: 'IANA time zone that decides where "today" and each hour begin; default America/Santiago.',
  }),
});

/** Any subset of the settings; `sendingPace` may be partial. Unknown keys are refused. */
export const settingsBody = settingsPatchSchema;
