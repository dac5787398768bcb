/**
 * Writes rows as CSV per RFC 4180: a header row of `columns`, CRLF line ends, and a field
 * quoted (its quotes doubled) only when it holds a comma, a quote, CR or LF. `null` is an
 * empty field. Twenty lines do not earn a dependency; the reports' fields are codes, dates
 * and numbers, but a quote-bearing value is still written safely.
 *
 * @example
 * toCsv(['code', 'n'], [{ code: 'A,B', n: 1 }]); // 'code,n\r\n"A,B",1\r\n'
 */
export function toCsv<T extends object>(columns: readonly (keyof T & string)[], rows: T[]): string {
  const lines = [columns.map(field).join(',')];
  for (const row of rows) lines.push(columns.map((c) => field(row[c])).join(','));
  return lines.join('\r\n') + '\r\n';
}

function field(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
