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
const CATALOGUES: Record<Locale, Record<string, string>> = { en, es };
/** The language a signed-out visitor chose (not a secret: only their language). */
const LOCALE_KEY = 'puentes.locale';

/** The browser's first language Puentes speaks, else Spanish. */
export function initialLocale(): Locale {
  const saved = localStorage.getItem(LOCALE_KEY);
  if (saved === 'en' || saved === 'es') return saved;
  for (const lang of navigator.languages ?? [navigator.language]) {
    if (lang.startsWith('es')) return 'es';
    if (lang.startsWith('en')) return 'en';
  }
  return 'es';
}

interface LocaleState {
  locale: Locale;
  timeZone: string;
  setLocale(locale: Locale): void;
  setTimeZone(zone: string): void;
}

const LocaleContext = createContext<LocaleState | null>(null);

/**
 * The reader's language and zone: every message through react-intl, every date formatted in
 * `timeZone`, react-aria's widgets in the same language; `<html lang>` follows.
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
  const value = useMemo(
    () => ({ locale, timeZone, setLocale, setTimeZone }),
    [locale, timeZone, setLocale],
  );
  return (
    <LocaleContext.Provider value={value}>
      <IntlProvider
        locale={locale}
        messages={CATALOGUES[locale]}
        timeZone={timeZone}
        defaultLocale="es"
      >
        <I18nProvider locale={locale === 'es' ? 'es-MX' : 'en-US'}>{children}</I18nProvider>
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
