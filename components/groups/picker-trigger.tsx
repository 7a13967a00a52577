import { ChevronsUpDown } from 'lucide-react';
import type { ButtonHTMLAttributes } from 'react';

/** The group picker's default button (its props are spread so Radix's Trigger can drive it). */
export function PickerTrigger({
  label,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { label: string }) {
  return (
    <button
      type="button"
      className="inline-flex items-center gap-1 rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-50 touch:min-h-11 touch:px-3 touch:text-sm dark:border-slate-700 dark:hover:bg-slate-800"
      {...props}
    >
      {label}
      <ChevronsUpDown aria-hidden className="size-3" />
    </button>
  );
}
