/**
 * The header popups' trigger looks, shared by the real Radix triggers and the plain buttons that stand in for
 * them until their code is loaded (lazy-popup.tsx): importing these must not pull Radix in.
 */
export const NAV_TRIGGER =
  '-ml-2 flex size-11 shrink-0 items-center justify-center rounded-md text-slate-700 hover:bg-slate-100 md:hidden dark:text-slate-200 dark:hover:bg-slate-800';

export const ACCOUNT_TRIGGER =
  'flex size-11 shrink-0 items-center justify-center rounded-full text-slate-700 hover:bg-slate-100 lg:hidden dark:text-slate-200 dark:hover:bg-slate-800';
