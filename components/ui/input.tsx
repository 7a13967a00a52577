import type { ComponentProps, InputHTMLAttributes, SelectHTMLAttributes } from 'react';
import { cn } from './cn';

// On phones 16 px text keeps iOS from zooming into a field on focus.
const field =
  'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm placeholder:text-slate-500 touch:min-h-11 touch:text-base dark:border-slate-700 dark:bg-slate-900 dark:placeholder:text-slate-400';

export function Input({ className, ...props }: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={cn(field, className)} {...props} />;
}

export function Textarea({ className, ...props }: ComponentProps<'textarea'>) {
  return <textarea className={cn(field, className)} {...props} />;
}

export function Select({ className, ...props }: SelectHTMLAttributes<HTMLSelectElement>) {
  return <select className={cn(field, 'pr-8', className)} {...props} />;
}

/** A list's search box: labelled by its placeholder, reporting the text as typed. */
export function SearchInput({
  label,
  value,
  onSearch,
}: {
  label: string;
  value: string;
  onSearch: (text: string) => void;
}) {
  return (
    <Input
      type="search"
      aria-label={label}
      placeholder={label}
      value={value}
      onChange={(event) => onSearch(event.target.value)}
      className="max-w-sm"
    />
  );
}
