import { format } from './index';
import type { Messages } from './messages/es';

/**
 * The API answers in English with a stable `code` (and, where one code covers several cases, a `reason` in
 * `details`). The dashboard never shows that English text: it phrases the error from code and reason in the
 * reader's language, and falls back to a generic sentence for anything it does not know.
 */
export interface ApiErrorLike {
  code: string;
  details?: unknown;
}

function isApiError(error: unknown): error is ApiErrorLike {
  return typeof (error as { code?: unknown } | null)?.code === 'string';
}

function reasonOf(details: unknown): string | undefined {
  const reason = (details as { reason?: unknown } | null | undefined)?.reason;
  return typeof reason === 'string' ? reason : undefined;
}

function lookup(table: Record<string, string>, key: string | undefined): string | undefined {
  return key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}

/** The sentence to show for a failed API call (or any other failure: a network error gets the generic one). */
export function apiErrorMessage(t: Messages, error: unknown): string {
  if (!isApiError(error)) return t.apiErrors.generic;
  return (
    lookup(t.apiErrors.reasons, reasonOf(error.details)) ??
    lookup(t.apiErrors.codes, error.code) ??
    t.apiErrors.generic
  );
}

/**
 * Field errors of a 422 (`details.fieldErrors`, zod's flattened issues) as sentences in the reader's language,
 * by field name: the field's own sentence when we have one, a generic "check this field" otherwise.
 */
export function apiFieldErrors(t: Messages, error: unknown): Record<string, string> {
  if (!isApiError(error)) return {};
  const fields = (error.details as { fieldErrors?: Record<string, string[] | undefined> } | undefined)
    ?.fieldErrors;
  return Object.fromEntries(
    Object.entries(fields ?? {})
      .filter(([, messages]) => messages?.length)
      .map(([field]) => [field, lookup(t.apiErrors.fields, field) ?? t.apiErrors.fieldInvalid]),
  );
}

/** Why a bound group cannot receive notifications, from the warning's code (the API's text is English). */
export function groupWarningMessage(t: Messages, warning: { code: string }, group: string): string {
  const text = lookup(t.groupWarnings, warning.code) ?? t.groupWarnings.generic;
  return format(text, { group });
}
