'use client';

import { useI18n } from '../i18n';
import { Input, Select } from '../ui/input';

const KINDS = ['text', 'photo', 'video', 'audio', 'document', 'sticker', 'location', 'contact'] as const;
type Kind = (typeof KINDS)[number];

export interface Filters {
  q: string;
  all: boolean;
  from: '' | 'customer' | 'us';
  kind: '' | Kind;
  after: string;
  before: string;
}

export const EMPTY: Filters = { q: '', all: false, from: '', kind: '', after: '', before: '' };

/**
 * One filter of the row under the search box: its caption above it (the same words name it for screen
 * readers), a select when it has `options`, else a date.
 */
function Filter({
  label,
  value,
  onValue,
  options,
}: {
  label: string;
  value: string;
  onValue: (value: string) => void;
  options?: readonly (readonly [value: string, text: string])[];
}) {
  const control = { 'aria-label': label, value, className: 'py-1 text-xs' };
  return (
    <div className="flex flex-col gap-0.5">
      <span aria-hidden>{label}</span>
      {options ? (
        <Select {...control} onChange={(e) => onValue(e.target.value)}>
          {options.map(([option, text]) => (
            <option key={option} value={option}>
              {text}
            </option>
          ))}
        </Select>
      ) : (
        <Input {...control} type="date" onChange={(e) => onValue(e.target.value)} />
      )}
    </div>
  );
}

/** Every number or just this one, who wrote, what kind of message, and between which days. */
export function SearchFilters({
  filters,
  set,
}: {
  filters: Filters;
  set: (patch: Partial<Filters>) => void;
}) {
  const { t } = useI18n();
  return (
    <div className="flex flex-wrap items-end gap-2 border-b border-slate-200 px-3 py-2 text-xs dark:border-slate-800">
      <label className="flex items-center gap-1.5">
        <input type="checkbox" checked={filters.all} onChange={(e) => set({ all: e.target.checked })} />
        {t.find.allNumbers}
      </label>
      <Filter
        label={t.find.from}
        value={filters.from}
        onValue={(from) => set({ from: from as Filters['from'] })}
        options={[
          ['', t.find.fromAny],
          ['customer', t.find.fromCustomer],
          ['us', t.find.fromUs],
        ]}
      />
      <Filter
        label={t.find.kind}
        value={filters.kind}
        onValue={(kind) => set({ kind: kind as Filters['kind'] })}
        options={[['', t.find.kindAny], ...KINDS.map((k) => [k, t.find.kinds[k]] as const)]}
      />
      <Filter label={t.find.after} value={filters.after} onValue={(after) => set({ after })} />
      <Filter label={t.find.before} value={filters.before} onValue={(before) => set({ before })} />
    </div>
  );
}
