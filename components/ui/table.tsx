import type { ReactNode } from 'react';
import { cn } from './cn';

const FRAME = {
  default: 'rounded-xl bg-white dark:bg-slate-900',
  // The settings lists: tens of rows inside a card, a tinted header row, tighter cells.
  compact: 'rounded-lg',
} as const;

const HEAD = {
  default:
    'border-b border-slate-200 text-xs uppercase text-slate-600 dark:border-slate-800 dark:text-slate-400',
  compact:
    'text-xs text-slate-600 dark:text-slate-400 [&_th]:whitespace-nowrap [&_th]:bg-slate-50 [&_th]:px-3 dark:[&_th]:bg-slate-800/60',
} as const;

/**
 * The dashboard's table frame: bordered card, one header style per variant; too narrow for its columns, the rows
 * become stacked cards (globals.css `.stack-table`; give every cell a `data-label`, none to the actions cell).
 */
export function TableFrame({
  head,
  children,
  label,
  variant = 'default',
}: {
  head: ReactNode;
  children: ReactNode;
  label?: string;
  variant?: keyof typeof FRAME;
}) {
  return (
    <div
      className={cn(
        'table-frame overflow-x-auto border border-slate-200 dark:border-slate-800',
        FRAME[variant],
      )}
    >
      <table aria-label={label} className="stack-table w-full text-left text-sm">
        <thead className={HEAD[variant]}>{head}</thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

export function Th({ children, className }: { children?: ReactNode; className?: string }) {
  return (
    <th scope="col" className={cn('px-4 py-2 font-medium', className)}>
      {children}
    </th>
  );
}

/** A cell of a compact table: rows separated by a rule. */
/** `label`: the column's name, shown beside the value when the rows are stacked (none for the actions). */
export function Td({
  children,
  className,
  label,
}: {
  children?: ReactNode;
  className?: string;
  label?: string;
}) {
  return (
    <td
      data-label={label}
      className={cn('border-t border-slate-200 px-3 py-2 align-middle dark:border-slate-800', className)}
    >
      {children}
    </td>
  );
}
