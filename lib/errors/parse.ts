import { z } from 'zod';
import { Invalid } from './index';

/** Validates a verb's input; failures become `Invalid` with the field errors as details (→ 400/422 at the edge). */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  message = 'Invalid input.',
): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new Invalid(message, z.flattenError(result.error as z.ZodError<unknown>));
  return result.data;
}
