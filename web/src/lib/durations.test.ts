import en from '../i18n/en.json';
import es from '../i18n/es.json';
import { describeDuration, formatDuration, parseDuration, type DurationUse } from './durations';

// The app's Intl locales (FORMAT_LOCALES in i18n.tsx, not imported: it loads React).
const LOCALES = { en: 'en-US', es: 'es-MX-u-hc-h23' } as const;
const CATALOGUES: Record<keyof typeof LOCALES, Record<string, string>> = { en, es };

/** The words a reader sees: the catalogue's message with its values (plain `{name}` ones). */
function say(language: keyof typeof LOCALES, iso: string, use: DurationUse) {
  const described = describeDuration(iso, use, LOCALES[language]);
  if (!described) return null;
  return CATALOGUES[language][described.id].replace(
    /\{(\w+)\}/g,
    (_, name: string) => described.values[name],
  );
}

describe('durations in words', () => {
  it('reads the durations the service accepts, and nothing else', () => {
    expect(parseDuration('P1DT12H')).toMatchObject({ days: 1, hours: 12, minutes: 0 });
    expect(parseDuration('PT0.5S')).toMatchObject({ seconds: 0.5 });
    for (const text of ['3 days', 'P', 'PT', 'P1DT', '-P1D', 'p3d', ''])
      expect(parseDuration(text)).toBeNull();
  });

  it('words each part in the reader’s language, joined as a list', () => {
    const cases: [string, string, string][] = [
      ['P3D', '3 days', '3 días'],
      ['P1D', '1 day', '1 día'],
      ['PT1H', '1 hour', '1 hora'],
      ['PT30M', '30 minutes', '30 minutos'],
      ['P1DT12H', '1 day and 12 hours', '1 día y 12 horas'],
      ['P1W', '1 week', '1 semana'],
      ['PT1H30M', '1 hour and 30 minutes', '1 hora y 30 minutos'],
      ['PT0S', '0 minutes', '0 minutos'],
    ];
    for (const [iso, english, spanish] of cases) {
      expect(formatDuration(iso, LOCALES.en)).toBe(english);
      expect(formatDuration(iso, LOCALES.es)).toBe(spanish);
    }
    expect(formatDuration('PT', LOCALES.en)).toBeNull();
  });

  it('says a reminder before the deadline, an escalation after it, zero as at the deadline', () => {
    expect(say('en', 'P3D', 'before')).toBe('3 days before the deadline');
    expect(say('es', 'P3D', 'before')).toBe('3 días antes del plazo');
    expect(say('en', 'PT0S', 'after')).toBe('at the deadline');
    expect(say('es', 'PT0S', 'after')).toBe('al vencer el plazo');
    expect(say('en', 'PT0S', 'before')).toBe('at the deadline');
    expect(say('es', 'P0D', 'before')).toBe('al vencer el plazo');
    expect(say('en', 'P1DT12H', 'after')).toBe('1 day and 12 hours after the deadline');
    expect(say('es', 'P1DT12H', 'after')).toBe('1 día y 12 horas después del plazo');
    expect(say('en', 'PT30M', 'before')).toBe('30 minutes before the deadline');
    expect(say('es', 'PT30M', 'before')).toBe('30 minutos antes del plazo');
    expect(say('en', 'PT1H', 'after')).toBe('1 hour after the deadline');
    expect(say('es', 'PT1H', 'after')).toBe('1 hora después del plazo');
    expect(say('en', 'P2D', 'fromActivation')).toBe('2 days from activation');
    expect(say('es', 'PT1H', 'fromActivation')).toBe('1 hora desde la activación');
    expect(say('en', '3 days', 'before')).toBeNull();
  });

  it('never shows ISO 8601 to the reader', () => {
    for (const iso of ['P3D', 'PT0S', 'P1DT12H', 'PT30M', 'PT1H'])
      for (const language of ['en', 'es'] as const)
        for (const use of ['before', 'after', 'fromActivation'] as const)
          expect(say(language, iso, use)).not.toMatch(/\bP(T?\d|\dT)|\d[DHMS]\b/);
  });
});
