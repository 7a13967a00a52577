import type { ReactNode } from 'react';
import { cn } from './cn';

const tones = {
  green: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900/40 dark:text-emerald-200',
  amber: 'bg-amber-100 text-amber-900 dark:bg-amber-900/40 dark:text-amber-200',
  red: 'bg-red-100 text-red-900 dark:bg-red-900/40 dark:text-red-200',
  blue: 'bg-sky-100 text-sky-900 dark:bg-sky-900/40 dark:text-sky-200',
  slate: 'bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-200',
  violet: 'bg-violet-100 text-violet-900 dark:bg-violet-900/40 dark:text-violet-200',
};
export type Tone = keyof typeof tones;

export function Badge({
  tone = 'slate',
  children,
  className,
}: {
  tone?: Tone;
  children: ReactNode;
  className?: string;
}) {
  return (
    <span
      className={cn(
        'inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium',
        tones[tone],
        className,
      )}
    >
      {children}
    </span>
  );
}
