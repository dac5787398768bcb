import { useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import {
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type FormEvent,
  type ReactNode,
} from 'react';
import { useIntl } from 'react-intl';
import { api, call, type Schemas } from '../api/client';
import { ApiError } from '../api/problem';
import { useAgencies, useChainNames } from '../api/queries';
import { useCanReadReports } from '../auth/reports-access';
import { GroupFilter, useBi } from '../components/bits';
import { BusyButton, ErrorAlert, Loading, PageTitle } from '../components/common';
import { ReportChart, type ChartOption } from '../components/ReportChart';
import { useT, type MessageId } from '../i18n/i18n';
import { windowEndsBeforeStart } from '../lib/dates';

const route = getRouteApi('/signed-in/reports');

type Query = {
  from?: string;
  to?: string;
  technicalGroupCode?: string;
  chainKey?: string;
  country?: 'MX' | 'US';
};
type ReportName = 'agencies' | 'countries' | 'cycle-times' | 'sla';
type Rows = {
  agencies: Schemas['AgencyReportRow'][];
  countries: Schemas['CountryReportRow'][];
  'cycle-times': Schemas['CycleTimeReportRow'][];
  sla: Schemas['SlaReportRow'][];
};

/** The filters in the URL, as the API names them. */
function useReportQuery(): Query {
  const search = route.useSearch();
  return useMemo(
    () =>
      Object.fromEntries(
        Object.entries({
          from: search.from,
          to: search.to,
          technicalGroupCode: search.group,
          chainKey: search.chain,
          country: search.country,
        }).filter(([, v]) => v !== undefined),
      ) as Query,
    [search.from, search.to, search.group, search.chain, search.country],
  );
}

function useReport<N extends ReportName>(name: N, query: Query, enabled: boolean) {
  return useQuery({
    queryKey: ['reports', name, query],
    enabled,
    queryFn: () =>
      call(
        api.GET(`/api/v1/reports/${name}` as '/api/v1/reports/agencies', {
          params: { query },
        }),
      ) as Promise<Rows[N]>,
  });
}

/**
 * The API's own CSV (`Accept: text/csv`, the same filters), saved under a name that says
 * which report and which window: what is downloaded is exactly what the service answered.
 */
async function downloadCsv(name: ReportName, query: Query): Promise<void> {
  const result = await api.GET(`/api/v1/reports/${name}` as '/api/v1/reports/agencies', {
    params: { query },
    headers: { Accept: 'text/csv' },
    parseAs: 'text',
  });
  if (!result.response.ok) await call(Promise.resolve(result));
  const blob = new Blob([result.data as unknown as string], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `puentes-${name}${query.from ? `-from-${query.from}` : ''}${query.to ? `-to-${query.to}` : ''}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function CsvButton({ name, query, title }: { name: ReportName; query: Query; title: string }) {
  const t = useT();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="report-csv">
      <BusyButton
        type="button"
        className="button button--secondary button--small"
        busy={busy}
        onClick={() => {
          setBusy(true);
          setError(null);
          downloadCsv(name, query)
            .catch(setError)
            .finally(() => setBusy(false));
        }}
      >
        {t('reports.csv', { report: title })}
      </BusyButton>
      <ErrorAlert error={error} />
    </div>
  );
}

/** A report: its heading, the chart and its table side by side, and its CSV. */
function Panel({
  name,
  title,
  query,
  state,
  children,
}: {
  name: ReportName;
  title: string;
  query: Query;
  state: { isPending: boolean; error: unknown; empty: boolean };
  children: ReactNode;
}) {
  const t = useT();
  const headingId = useId();
  return (
    <section className="report" aria-labelledby={headingId}>
      <div className="page-head">
        <h2 id={headingId}>{title}</h2>
        <CsvButton name={name} query={query} title={title} />
      </div>
      {state.isPending && <Loading />}
      <ErrorAlert error={state.error} />
      {!state.isPending && !state.error && state.empty && <p>{t('reports.empty')}</p>}
      {!state.isPending && !state.error && !state.empty && (
        <div className="report-body">{children}</div>
      )}
    </section>
  );
}

function Table({
  caption,
  columns,
  rows,
}: {
  caption: string;
  columns: string[];
  rows: (string | number)[][];
}) {
  // A column of figures is right-aligned, its heading too; the cells come formatted ("1,5",
  // "< 0.1", "40 %", "—"), so a figure is told by its characters, not its type.
  const isFigure = (cell: string | number) =>
    typeof cell === 'number' || /^[<>≤\d.,\s%\u00a0\u202f—-]+$/.test(cell);
  const numeric = columns.map(
    (_, i) => i > 0 && rows.length > 0 && rows.every((row) => isFigure(row[i])),
  );
  return (
    // A wide table scrolls sideways: focusable, so a keyboard can too.
    <div className="table-wrap report-table" tabIndex={0} role="region" aria-label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={c} scope="col" className={numeric[i] ? 'numeric' : undefined}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={String(row[0]) + String(row[1])}>
              {row.map((cell, i) =>
                i === 0 ? (
                  <th key={i} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={i} className={numeric[i] ? 'numeric' : undefined}>
                    {cell}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const INK = '#1b1b1b';
const MX_COLOR = '#00642a';
const US_COLOR = '#005ea2';
const AXIS = { axisLabel: { color: INK }, nameTextStyle: { color: INK } };

/** For a tooltip ECharts writes as HTML: a name from the data is text, never markup. */
const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/**
 * How the page writes its figures, in the reader's locale (react-intl's, `FORMAT_LOCALES`):
 * the tables, the summaries, and everything the charts draw — ECharts would write its axes,
 * labels and tooltips its own way (`1,234.5` whatever the language).
 */
function useFigures() {
  const intl = useIntl();
  return useMemo(() => {
    /** "< 0.1": a figure above zero but too small for the digits shown. */
    const below = (smallest: number) => `< ${intl.formatNumber(smallest)}`;
    const num = (value: number | null, digits = 1) => {
      if (value === null) return '—';
      // Above zero but below what the table shows (the step-days of minutes-old steps): not 0,
      // or a share of 40 % would stand beside "0" days.
      const smallest = 10 ** -digits;
      if (value > 0 && value < smallest / 2) return below(smallest);
      return intl.formatNumber(value, { maximumFractionDigits: digits });
    };
    const pct = (value: number | null) =>
      value === null
        ? '—'
        : intl.formatNumber(value, { style: 'percent', maximumFractionDigits: 1 });
    const month = (value: string) =>
      intl.formatDate(`${value}-15T12:00:00Z`, {
        year: 'numeric',
        month: 'short',
        timeZone: 'UTC',
      });
    /** A value ECharts hands to a formatter: a number, or a gap ('-', null) in the data. */
    const figure = (value: unknown, format: (n: number) => string) =>
      typeof value === 'number' ? format(value) : '—';
    return { num, below, pct, month, figure };
  }, [intl]);
}

export function ReportsPage() {
  const t = useT();
  const { num, below, pct, month, figure } = useFigures();
  const bi = useBi();
  const canRead = useCanReadReports();
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/reports' });
  const query = useReportQuery();
  const agencyNames = useAgencies();
  const chainNames = useChainNames();
  const [draft, setDraft] = useState({
    from: search.from ?? '',
    to: search.to ?? '',
    group: search.group,
    chain: search.chain ?? '',
    country: search.country ?? '',
  });

  // A window that ends before it starts (typed, or in a link) is never sent: the service would
  // refuse it four times over. The page says so once, on the "To" field.
  const windowInvalid = windowEndsBeforeStart(query.from, query.to);
  const [checked, setChecked] = useState(false);
  const windowError =
    (checked || windowInvalid) && windowEndsBeforeStart(draft.from, draft.to)
      ? t('reports.window.invalid', { from: t('reports.from'), to: t('reports.to') })
      : null;
  const focusTo = useRef(false);
  useEffect(() => {
    // After the field is marked invalid and described, so a screen reader hears why.
    if (focusTo.current) document.getElementById('rp-to')?.focus();
    focusTo.current = false;
  });

  const send = canRead && !windowInvalid;
  const agencies = useReport('agencies', query, send);
  const countries = useReport('countries', query, send);
  const cycles = useReport('cycle-times', query, send);
  const sla = useReport('sla', query, send);

  const countryName = (code: string) => t(`country.${code}` as MessageId);
  const agencyLabel = (code: string) => {
    const name = bi(agencyNames.data?.get(code)?.name);
    return name && name !== code ? `${code} — ${name}` : code;
  };
  const chainLabel = useCallback(
    (key: string) => bi(chainNames.data?.get(key)) || key,
    [bi, chainNames.data],
  );

  const forbidden =
    !canRead ||
    [agencies, countries, cycles, sla].some(
      (r) => r.error instanceof ApiError && r.error.status === 403,
    );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (windowEndsBeforeStart(draft.from, draft.to)) {
      // From now on the message follows the fields as they are corrected.
      setChecked(true);
      focusTo.current = true;
      return;
    }
    void navigate({
      search: {
        from: draft.from || undefined,
        to: draft.to || undefined,
        group: draft.group,
        chain: draft.chain || undefined,
        country: (draft.country || undefined) as 'MX' | 'US' | undefined,
      },
    });
  };

  const agencyRows = useMemo(() => agencies.data ?? [], [agencies.data]);
  const agencyChart = useMemo<ChartOption>(() => {
    const rows = [...agencyRows].reverse(); // the bottleneck at the top of a horizontal bar chart
    return {
      grid: { left: 8, right: 24, top: 8, bottom: 24, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => figure(v, num) },
      xAxis: {
        type: 'value',
        ...AXIS,
        axisLabel: { color: INK, formatter: (v: number) => num(v) },
      },
      yAxis: { type: 'category', data: rows.map((r) => r.agencyCode), ...AXIS },
      series: [
        {
          type: 'bar',
          name: t('reports.col.waitingDays'),
          data: rows.map((r) => ({
            value: r.waitingDaysTotal,
            itemStyle: { color: r.country === 'MX' ? MX_COLOR : US_COLOR },
          })),
          label: {
            show: true,
            position: 'right',
            color: INK,
            formatter: (p: { value: unknown }) => figure(p.value, num),
          },
        },
      ],
    };
  }, [agencyRows, t, num, figure]);

  const countryRows = useMemo(() => countries.data ?? [], [countries.data]);
  const countryChart = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 24, top: 8, bottom: 24, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => figure(v, pct) },
      xAxis: {
        type: 'category',
        data: countryRows.map((r) => t(`country.${r.country}` as MessageId)),
        ...AXIS,
      },
      // Shares as fractions (0–1), written as percentages in the reader's locale.
      yAxis: { type: 'value', max: 1, axisLabel: { color: INK, formatter: (v: number) => pct(v) } },
      series: [
        {
          type: 'bar',
          name: t('reports.col.share'),
          data: countryRows.map((r) => ({
            value: r.share === null ? 0 : Math.round(r.share * 1000) / 1000,
            itemStyle: { color: r.country === 'MX' ? MX_COLOR : US_COLOR },
          })),
          label: {
            show: true,
            position: 'top',
            color: INK,
            formatter: (p: { value: unknown }) => figure(p.value, pct),
          },
        },
      ],
    }),
    [countryRows, t, pct, figure],
  );

  const cycleRows = useMemo(() => cycles.data ?? [], [cycles.data]);
  const cycleChart = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 24, top: 56, bottom: 24, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => figure(v, num) },
      // At the top, in the room the grid leaves (ECharts 6 puts a legend at the bottom).
      legend: { top: 0, textStyle: { color: INK } },
      // Each chain by its name in the reader's language (its key is an identifier, not words),
      // every name shown, wrapped rather than dropped or cut when the bars are narrow.
      xAxis: {
        type: 'category',
        data: cycleRows.map((r) => chainLabel(r.chainKey)),
        ...AXIS,
        axisLabel: { color: INK, interval: 0, width: 128, overflow: 'break', lineHeight: 16 },
      },
      yAxis: {
        type: 'value',
        name: t('reports.unit.workingDays'),
        ...AXIS,
        // From the axis rightwards: centred on it, the name's start would be cut off.
        nameTextStyle: { color: INK, align: 'left' },
        axisLabel: { color: INK, formatter: (v: number) => num(v) },
      },
      series: [
        {
          type: 'bar',
          name: t('reports.col.medianDays'),
          data: cycleRows.map((r) => r.medianDays),
          itemStyle: { color: US_COLOR },
        },
        {
          type: 'bar',
          name: t('reports.col.p90Days'),
          data: cycleRows.map((r) => r.p90Days),
          itemStyle: {
            color: '#1a4480',
            decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 4] },
          },
        },
      ],
    }),
    [cycleRows, t, num, figure, chainLabel],
  );

  const slaRows = useMemo(() => sla.data ?? [], [sla.data]);
  const slaChart = useMemo<ChartOption>(() => {
    const months = [...new Set(slaRows.map((r) => r.month))].sort();
    const codes = [...new Set(slaRows.map((r) => r.agencyCode))].sort();
    const monthNames = months.map(month);
    return {
      grid: { left: 8, right: 16, top: 8, bottom: 64, containLabel: true },
      tooltip: {
        position: 'top',
        formatter: (p: { value: [number, number, number] }) =>
          escapeHtml(`${codes[p.value[1]]}, ${monthNames[p.value[0]]}: ${pct(p.value[2])}`),
      },
      xAxis: { type: 'category', data: monthNames, ...AXIS },
      yAxis: { type: 'category', data: codes, ...AXIS },
      // Late rates as fractions (0–1), written as percentages in the reader's locale.
      visualMap: {
        min: 0,
        max: 1,
        calculable: false,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        text: [pct(1), pct(0)],
        textStyle: { color: INK },
        inRange: { color: ['#ecf3ec', '#faf3d1', '#b50909'] },
      },
      series: [
        {
          type: 'heatmap',
          name: t('reports.col.lateRate'),
          data: slaRows.map((r) => [
            months.indexOf(r.month),
            codes.indexOf(r.agencyCode),
            r.lateRate === null ? 0 : Math.round(r.lateRate * 100) / 100,
          ]),
          label: {
            show: true,
            color: INK,
            formatter: (p: { value: number[] }) => pct(p.value[2]),
          },
        },
      ],
    };
  }, [slaRows, t, pct, month]);

  if (forbidden) {
    return (
      <section>
        <PageTitle title={t('reports.title')}>{t('reports.title')}</PageTitle>
        <div className="alert alert--info" role="status">
          <p>{t('reports.forbidden')}</p>
        </div>
      </section>
    );
  }

  const bottleneck = agencyRows[0];
  const worst = [...slaRows].sort((a, b) => (b.lateRate ?? 0) - (a.lateRate ?? 0))[0];
  const mx = countryRows.find((r) => r.country === 'MX');
  const us = countryRows.find((r) => r.country === 'US');

  return (
    <section>
      <PageTitle title={t('reports.title')}>{t('reports.title')}</PageTitle>
      <form className="filters" role="search" aria-label={t('reports.filters')} onSubmit={submit}>
        <div className="field">
          <label htmlFor="rp-from">{t('reports.from')}</label>
          <input
            id="rp-from"
            type="date"
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="rp-to">{t('reports.to')}</label>
          {/* Between the label and the field: the fields of the row stay aligned. */}
          {windowError && (
            <p className="field-error" id="rp-to-error">
              {windowError}
            </p>
          )}
          <input
            id="rp-to"
            type="date"
            value={draft.to}
            aria-invalid={windowError ? true : undefined}
            aria-describedby={windowError ? 'rp-to-error' : undefined}
            onChange={(e) => setDraft({ ...draft, to: e.target.value })}
          />
        </div>
        <GroupFilter
          id="rp-group"
          value={draft.group}
          onChange={(group) => setDraft({ ...draft, group })}
        />
        <div className="field">
          <label htmlFor="rp-chain">{t('reports.chain')}</label>
          <select
            id="rp-chain"
            value={draft.chain}
            onChange={(e) => setDraft({ ...draft, chain: e.target.value })}
          >
            {/* Spanish: "Todas" (una cadena), not the masculine "Todos". */}
            <option value="">{t('reports.allChains')}</option>
            {[...(chainNames.data?.entries() ?? [])].map(([key, name]) => (
              <option key={key} value={key}>
                {bi(name) || key}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="rp-country">{t('reports.country')}</label>
          <select
            id="rp-country"
            value={draft.country}
            onChange={(e) => setDraft({ ...draft, country: e.target.value })}
          >
            <option value="">{t('country.both')}</option>
            <option value="MX">{t('country.MX')}</option>
            <option value="US">{t('country.US')}</option>
          </select>
        </div>
        <div>
          <button type="submit" className="button">
            {t('reports.apply')}
          </button>
        </div>
      </form>
      <p className="hint">{t('reports.hint')}</p>
      {!windowInvalid && (
        <>
          <Panel
            name="agencies"
            title={t('reports.agencies.title')}
            query={query}
            state={{ ...agencies, empty: agencyRows.length === 0 }}
          >
            <div>
              <ReportChart
                option={agencyChart}
                label={t('reports.agencies.chart', { count: agencyRows.length })}
                describedBy="rp-agencies-summary"
                height={Math.max(160, 48 * agencyRows.length + 48)}
              />
              {bottleneck && (
                <p id="rp-agencies-summary" className="hint">
                  {/* At 0 days no agency is named the bottleneck; steps may still be open. */}
                  {bottleneck.waitingDaysTotal > 0
                    ? t('reports.agencies.summary', {
                        agency: agencyLabel(bottleneck.agencyCode),
                        days: bottleneck.waitingDaysTotal,
                      })
                    : agencyRows.some((r) => r.openNow > 0)
                      ? t('reports.agencies.noWorkingDayYet')
                      : t('reports.agencies.noneWaiting')}
                </p>
              )}
            </div>
            <Table
              caption={t('reports.agencies.table')}
              columns={[
                t('reports.col.agency'),
                t('reports.col.country'),
                t('reports.col.waitingDays'),
                t('reports.col.decided'),
                t('reports.col.medianDays'),
                t('reports.col.p90Days'),
                t('reports.col.withinSla'),
                t('reports.col.openNow'),
                t('reports.col.overdueNow'),
              ]}
              rows={agencyRows.map((r) => [
                agencyLabel(r.agencyCode),
                countryName(r.country),
                num(r.waitingDaysTotal),
                num(r.stepsDecided, 0),
                num(r.medianDaysToDecide),
                num(r.p90DaysToDecide),
                pct(r.withinSlaRate),
                num(r.openNow, 0),
                num(r.overdueNow, 0),
              ])}
            />
          </Panel>

          <Panel
            name="countries"
            title={t('reports.countries.title')}
            query={query}
            state={{ ...countries, empty: countryRows.length === 0 }}
          >
            <div>
              <ReportChart
                option={countryChart}
                label={t('reports.countries.chart')}
                describedBy="rp-countries-summary"
                height={240}
              />
              <p id="rp-countries-summary" className="hint">
                {t('reports.countries.summary', {
                  mx: pct(mx?.share ?? null),
                  us: pct(us?.share ?? null),
                })}
              </p>
            </div>
            <Table
              caption={t('reports.countries.table')}
              columns={[
                t('reports.col.country'),
                t('reports.col.share'),
                t('reports.col.stepDays'),
                t('reports.col.workingDays'),
                t('reports.col.openNow'),
                t('reports.col.overdueNow'),
              ]}
              rows={countryRows.map((r) => [
                countryName(r.country),
                pct(r.share),
                // The service rounds days to hundredths: a side with a share held some time.
                (r.share ?? 0) > 0 && r.openStepDays === 0 ? below(0.01) : num(r.openStepDays),
                num(r.openStepWorkingDays),
                num(r.openNow, 0),
                num(r.overdueNow, 0),
              ])}
            />
          </Panel>

          <Panel
            name="cycle-times"
            title={t('reports.cycle.title')}
            query={query}
            state={{ ...cycles, empty: cycleRows.length === 0 }}
          >
            <div>
              <ReportChart
                option={cycleChart}
                label={t('reports.cycle.chart', { count: cycleRows.length })}
                describedBy="rp-cycle-summary"
              />
              <p id="rp-cycle-summary" className="hint">
                {t('reports.cycle.summary')}
              </p>
            </div>
            <Table
              caption={t('reports.cycle.table')}
              columns={[
                t('reports.col.chain'),
                t('reports.col.completed'),
                t('reports.col.medianDays'),
                t('reports.col.p90Days'),
                t('reports.col.medianHours'),
                t('reports.col.p90Hours'),
                t('reports.col.rework'),
              ]}
              rows={cycleRows.map((r) => [
                chainLabel(r.chainKey),
                num(r.workflowsCompleted, 0),
                num(r.medianDays),
                num(r.p90Days),
                num(r.medianHours),
                num(r.p90Hours),
                pct(r.reworkRate),
              ])}
            />
          </Panel>

          <Panel
            name="sla"
            title={t('reports.sla.title')}
            query={query}
            state={{ ...sla, empty: slaRows.length === 0 }}
          >
            <div>
              <ReportChart
                option={slaChart}
                label={t('reports.sla.chart')}
                describedBy="rp-sla-summary"
                height={Math.max(200, 40 * new Set(slaRows.map((r) => r.agencyCode)).size + 110)}
              />
              {worst && (
                <p id="rp-sla-summary" className="hint">
                  {/* "Most missed: X, 0 %" would name an agency that missed nothing. */}
                  {(worst.lateRate ?? 0) > 0
                    ? t('reports.sla.summary', {
                        agency: worst.agencyCode,
                        month: month(worst.month),
                        rate: pct(worst.lateRate),
                      })
                    : t('reports.sla.noneMissed')}
                </p>
              )}
            </div>
            <Table
              caption={t('reports.sla.table')}
              columns={[
                t('reports.col.agency'),
                t('reports.col.month'),
                t('reports.col.due'),
                t('reports.col.late'),
                t('reports.col.lateRate'),
              ]}
              rows={slaRows.map((r) => [
                agencyLabel(r.agencyCode),
                month(r.month),
                num(r.stepsDue, 0),
                num(r.stepsLate, 0),
                pct(r.lateRate),
              ])}
            />
          </Panel>
        </>
      )}
    </section>
  );
}
