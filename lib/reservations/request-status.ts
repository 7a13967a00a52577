/** The reservation-request pipeline: detected → matched|unmatched → notified|notify_failed → confirmed|rejected. */
export const REQUEST_STATUSES = [
  'detected',
  'matched',
  'unmatched',
  'notified',
  'notify_failed',
  'confirmed',
  'rejected',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** Where the group that an experience uses came from (see lib/bindings/resolve-group.ts). */
export const GROUP_SOURCES = ['override', 'operator_default', 'binding', 'none'] as const;
export type GroupSource = (typeof GROUP_SOURCES)[number];
