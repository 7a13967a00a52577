import { readJson } from '@/lib/api/body';
import { apiRoute, json } from '@/lib/api/handler';
import { operationsAt } from '@/lib/api/openapi/operations';
import { reservationInputSchema } from '@/lib/platform/schemas';
import { upsertReservation } from '@/lib/platform/upsert-reservation';

const op = operationsAt('/api/v1/platform/reservations/{code}/');

/** Create or update by reservation code (case-insensitive, stored upper case): 201 created, 200 updated. */
export const PUT = apiRoute<{ code: string }>(op.put, async ({ db, request, params }) => {
  const input = await readJson(request, reservationInputSchema);
  const { reservation, created } = await upsertReservation(db, params.code, input);
  return json({ reservation, created }, created ? 201 : 200);
});
