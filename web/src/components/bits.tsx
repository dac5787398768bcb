import { useCallback } from 'react';
import type { Schemas } from '../api/client';
import { useGroups } from '../api/queries';
import { useLocale, useT, type MessageId } from '../i18n/i18n';

type Bilingual = Schemas['BilingualDto'];

/** Bilingual text in the reader's language. */
export function useBi(): (text: Bilingual | null | undefined) => string {
  const { locale } = useLocale();
  // The same function while the language stays: charts and memos may depend on it.
  return useCallback(
    (text: Bilingual | null | undefined) => (text ? text[locale] || text.en || text.es : ''),
    [locale],
  );
}

export type StepStatus = Schemas['StepView']['status'];

/** A step or workflow status as a tag: the word carries the meaning, the colour only helps. */
export function StatusTag({
  status,
  kind = 'step',
}: {
  status: string;
  kind?: 'step' | 'workflow';
}) {
  const t = useT();
  const id = `${kind}.status.${status}` as MessageId;
  return <span className={`tag tag--${status}`}>{t(id)}</span>;
}

/** An agency by its code: "SRE — Secretaría de Relaciones Exteriores (MX)". */
export function AgencyName({
  code,
  agencies,
}: {
  code: string;
  agencies?: Map<string, Schemas['AgencyView']>;
}) {
  const t = useT();
  const bi = useBi();
  const agency = agencies?.get(code);
  if (!agency) return <>{code}</>;
  return <abbr title={`${bi(agency.name)} (${t(`country.short.${agency.country}`)})`}>{code}</abbr>;
}

/**
 * The message naming a co-chair seat's country as the pages write it beside a name ("MX",
 * "US" / "EE. UU."): `t(seatCountry('us'))`.
 */
export function seatCountry(seat: 'mx' | 'us'): MessageId {
  return seat === 'mx' ? 'country.short.MX' : 'country.short.US';
}

export function EscalationTag({ level }: { level: number }) {
  const t = useT();
  if (!level) return null;
  return <span className="tag tag--escalated">{t('escalation.level', { level })}</span>;
}

/** The "Technical group" filter of a list page: every group by name, or all of them. */
export function GroupFilter({
  id,
  value,
  onChange,
}: {
  id: string;
  value: string | undefined;
  onChange: (group: string | undefined) => void;
}) {
  const t = useT();
  const bi = useBi();
  const groups = useGroups();
  return (
    <div className="field">
      <label htmlFor={id}>{t('filters.group')}</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">{t('filters.all')}</option>
        {[...(groups.data?.values() ?? [])].map((g) => (
          <option key={g.code} value={g.code}>
            {bi(g.name)}
          </option>
        ))}
      </select>
    </div>
  );
}
