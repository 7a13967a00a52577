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
