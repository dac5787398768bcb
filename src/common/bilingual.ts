/** Text every user sees in their own language: both keys are always present. */
export interface Bilingual {
  en: string;
  es: string;
}
export type Locale = 'en' | 'es';
export type Country = 'MX' | 'US';
