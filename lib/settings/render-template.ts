import { formatCount } from '../i18n/plural';

/** The placeholders a reservation template may use; anything else is rejected when the template is saved. */
export const TEMPLATE_PLACEHOLDERS = [
  'code',
  'experience',
  'date',
  'partySize',
  'people',
  'customerName',
  'customerPhone',
  'chatLink',
] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];
export type TemplateValues = Partial<Record<string, string | number | null | undefined>>;

const PLACEHOLDER = /\{(\w+)\}/g;

/**
 * `{people}`: the party size with its noun, "1 persona" / "4 personas", so a template need not write
 * "{partySize} personas" and say "1 personas". Spanish: the messages go out to Chilean operators and customers.
 */
export function peopleText(partySize: number | null | undefined): string | null {
  return typeof partySize === 'number'
    ? formatCount('es', { one: '{count} persona', other: '{count} personas' }, partySize)
    : null;
}

/** Shown instead of a value the data does not have (no date, no phone), so the sentence still reads. */
export const MISSING_VALUE = '—';

/**
 * Fills `{name}` placeholders. A known name without a value becomes "—"; an unknown name stays visible as
 * written, so a typo in a template is noticed in the first message instead of silently vanishing.
 */
export function renderTemplate(template: string, values: TemplateValues): string {
  return template.replace(PLACEHOLDER, (match, key: string) => {
    if (!(key in values)) return match;
    const value = values[key];
    return value === null || value === undefined || value === '' ? MISSING_VALUE : String(value);
  });
}

/** Placeholder names used by a template that are not in the allowed list. */
export function unknownPlaceholders(
  template: string,
  allowed: readonly string[] = TEMPLATE_PLACEHOLDERS,
): string[] {
  const unknown = new Set<string>();
  for (const [, key] of template.matchAll(PLACEHOLDER)) if (key && !allowed.includes(key)) unknown.add(key);
  return [...unknown];
}
