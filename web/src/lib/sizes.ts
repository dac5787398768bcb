/**
 * A file size in words a person reads, in the reader's locale: whole bytes below 1 kB, else
 * kB, MB or GB (decimal, as file managers and browsers show them) with one decimal at most.
 *
 * @example formatSize(3_145_728, 'en') // "3.1 MB"; formatSize(512, 'es') // "512 bytes"
 */
export function formatSize(bytes: number, locale: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: units[unit],
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}
