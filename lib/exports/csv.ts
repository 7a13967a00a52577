/**
 * CSV as spreadsheets read it (RFC 4180: comma separated, CRLF, fields quoted when needed, quotes doubled),
 * safe to open: a cell a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
 * carriage return, OWASP's list) gets a leading `'`, so a customer's message cannot become a formula.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** Excel opens a UTF-8 CSV as UTF-8 only with this mark first (accents would otherwise be garbled). */
export const CSV_BOM = '\uFEFF';
