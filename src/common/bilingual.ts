/** Text every user sees in their own language: one definition, the workflow engine's. */
export type { Bilingual } from '@puentes/workflow-engine';
export type Locale = 'en' | 'es';
export type Country = 'MX' | 'US';
