import type { ReactNode } from 'react';
import { cn } from '../ui/cn';

/** Plain, scrollable data tables for the settings lists (tens of rows, no virtualisation needed). */
export function Table({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
      <table aria-label={label} className="w-full text-left text-sm">
        {children}
      </table>
    </div>
  );
}

export function Th({ children, className }: { children?: ReactNode; className?: string }) {
  return (
    <th
      scope="col"
      className={cn(
        'bg-slate-50 px-3 py-2 text-xs font-medium whitespace-nowrap text-slate-600 dark:bg-slate-800/60 dark:text-slate-400',
        className,
      )}
    >
      {children}
    </th>
  );
}

export function Td({ children, className }: { children?: ReactNode; className?: string }) {
  return (
    <td className={cn('border-t border-slate-200 px-3 py-2 align-middle dark:border-slate-800', className)}>
      {children}
    </td>
  );
}
