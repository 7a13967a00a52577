import { format, type Locale } from './index';

/** A count's wording in each plural category a locale uses (Spanish and English need only these two). */
export interface PluralForms {
  one: string;
  other: string;
}

const rules = new Map<Locale, Intl.PluralRules>();

function rulesFor(locale: Locale): Intl.PluralRules {
  let r = rules.get(locale);
  if (!r) {
    r = new Intl.PluralRules(locale === 'es' ? 'es-CL' : 'en');
    rules.set(locale, r);
  }
  return r;
}

/** "1 persona" / "4 personas": picks the form for `count` and fills `{count}` (and any other values) in it. */
export function formatCount(
  locale: Locale,
  forms: PluralForms,
  count: number,
  values: Record<string, string | number> = {},
): string {
  const form = rulesFor(locale).select(count) === 'one' ? forms.one : forms.other;
  return format(form, { ...values, count });
}
