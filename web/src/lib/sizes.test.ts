import { formatSize } from './sizes';

describe('formatSize', () => {
  it('says bytes below a kilobyte, then kB, MB and GB with one decimal at most', () => {
    expect(formatSize(1, 'en')).toBe('1 byte');
    expect(formatSize(999, 'en')).toBe('999 bytes');
    expect(formatSize(1000, 'en')).toBe('1 kB');
    expect(formatSize(3_145_728, 'en')).toBe('3.1 MB');
    expect(formatSize(52_428_800, 'en')).toBe('52.4 MB');
    expect(formatSize(2_500_000_000, 'en')).toBe('2.5 GB');
  });

  it('speaks the reader’s language, in the app’s locales (FORMAT_LOCALES)', () => {
    expect(formatSize(999, 'es-MX')).toBe('999 bytes');
    // Mexico writes a decimal point, as the United States does (Spain's `es` would say 3,1).
    expect(formatSize(3_145_728, 'es-MX')).toBe('3.1 MB');
    expect(formatSize(3_145_728, 'en-US')).toBe('3.1 MB');
  });
});
