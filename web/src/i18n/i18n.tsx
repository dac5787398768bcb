import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { IntlProvider, useIntl } from 'react-intl';
import { I18nProvider } from 'react-aria-components';
import en from './en.json';
import es from './es.json';

export type Locale = 'en' | 'es';
export type MessageId = keyof typeof en;
export const LOCALES: Locale[] = ['en', 'es'];
/**
 * The one Intl locale of each language, for every number, date and time the app writes
 * (react-intl, react-aria's widgets, the charts, `lib/dates`, `lib/sizes`…): the two sides of
 * the border, Mexican Spanish and U.S. English. Plain `es` would be Spain's conventions
 * (`1.234,5`, `45,6 %`), which a reader in Mexico does not use. Spanish times on the 24-hour
 * clock (`-u-hc-h23`: "18:00", not "6:00 p.m."), as official Mexican writing and the emails
 * (notifications/templates/format-instant.ts) give them.
 */
export const FORMAT_LOCALES: Record<Locale, string> = { en: 'en-US', es: 'es-MX-u-hc-h23' };
const CATALOGUES: Record<Locale, Record<string, string>> = { en, es };
/** The language a signed-out visitor chose (not a secret: only their language). */
const LOCALE_KEY = 'puentes.locale';

/**
 * The language the page's address asks for (`?lang=en`: the language link's own address, opened
 * in a new tab or without its click handler), or null.
 */
export function localeInUrl(): Locale | null {
  const asked = new URLSearchParams(window.location.search).get('lang');
  return asked === 'en' || asked === 'es' ? asked : null;
}

/** The language asked for in the URL, else the one chosen before, else the browser's first that Puentes speaks, else Spanish. */
export function initialLocale(): Locale {
  const asked = localeInUrl();
  if (asked) {
    localStorage.setItem(LOCALE_KEY, asked);
    return asked;
  }
  const saved = localStorage.getItem(LOCALE_KEY);
  if (saved === 'en' || saved === 'es') return saved;
  for (const lang of navigator.languages ?? [navigator.language]) {
    if (lang.startsWith('es')) return 'es';
    if (lang.startsWith('en')) return 'en';
  }
  return 'es';
}

interface LocaleState {
  /** The reader's language: which catalogue, which half of a bilingual name. */
  locale: Locale;
  /** The Intl locale to format numbers, dates and times with ({@link FORMAT_LOCALES}). */
  formatLocale: string;
  timeZone: string;
  setLocale(locale: Locale): void;
  setTimeZone(zone: string): void;
}

const LocaleContext = createContext<LocaleState | null>(null);

/**
 * The reader's language and zone: every message through react-intl, every date formatted in
 * `timeZone`, react-aria's widgets in the same language, numbers and dates in the same
 * {@link FORMAT_LOCALES} locale everywhere; `<html lang>` follows.
 */
export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const [timeZone, setTimeZone] = useState<string>(
    () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
  );
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(LOCALE_KEY, next);
    setLocaleState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const formatLocale = FORMAT_LOCALES[locale];
  const value = useMemo(
    () => ({ locale, formatLocale, timeZone, setLocale, setTimeZone }),
    [locale, formatLocale, timeZone, setLocale],
  );
  return (
    <LocaleContext.Provider value={value}>
      <IntlProvider
        locale={formatLocale}
        messages={CATALOGUES[locale]}
        timeZone={timeZone}
        defaultLocale={FORMAT_LOCALES.es}
      >
        <I18nProvider locale={formatLocale}>{children}</I18nProvider>
      </IntlProvider>
    </LocaleContext.Provider>
  );
}

export function useLocale(): LocaleState {
  const state = useContext(LocaleContext);
  if (!state) throw new Error('useLocale outside LocaleProvider');
  return state;
}

type Values = Record<string, string | number | boolean | null | undefined | Date>;

/** The message `id` in the reader's language; ids are checked against en.json at compile time. */
export function useT(): (id: MessageId, values?: Values) => string {
  const intl = useIntl();
  return useCallback(
    (id: MessageId, values?: Values) => intl.formatMessage({ id }, values) as string,
    [intl],
  );
}

/** True when the catalogue has `id` (for ids built from data the service may extend). */
export function hasMessage(id: string): id is MessageId {
  return Object.prototype.hasOwnProperty.call(en, id);
}
