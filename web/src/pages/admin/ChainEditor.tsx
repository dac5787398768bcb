import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { ApiError } from '../../api/problem';
import { useAgencies, useGroups } from '../../api/queries';
import { useBi } from '../../components/bits';
import {
  BusyButton,
  DateTime,
  ErrorAlert,
  Loading,
  PageTitle,
  useProblemText,
} from '../../components/common';
import { WorkflowGraph, type GraphNode } from '../../components/WorkflowGraph';
import en from '../../i18n/en.json';
import { hasMessage, useLocale, useT, type MessageId } from '../../i18n/i18n';
import {
  ATTRIBUTE_MESSAGE,
  CALENDARS,
  ESCALATION_TARGETS,
  assigneeValue,
  describeProblem,
  emptyStep,
  formProblems,
  fromChainStep,
  knownAttributes,
  locateProblems,
  parseAssigneeValue,
  removeStep,
  renameStep,
  returnTargets,
  stepName,
  suggestKey,
  toChainStep,
  type Assignee,
  type ChainForm,
  type LocatedProblem,
  type StepForm,
  type YesNo,
} from '../../lib/chain-form';
import { describeDuration, type DurationUse } from '../../lib/durations';
import { AdminNav } from './AdminNav';

const route = getRouteApi('/signed-in/manage/manage/chains/$chainId');

type Chain = Schemas['ApprovalChainView'];
/** Publish answers with `warnings` once the service reports them (api.md); typed here until then. */
type Warning = { stepKey: string; assignee: Assignee; message?: Schemas['BilingualDto'] };

type Say = (problem: LocatedProblem) => string;

/** The project attributes the catalogue has words for: the condition's suggestions. */
const KNOWN_ATTRIBUTES = knownAttributes(Object.keys(en));

/**
 * A project attribute as the project's page shows it: its words when the catalogue has them
 * ("Involves rail" for `involvesRail`), else its key as typed; null when it has no words.
 */
function useAttributeName(): (key: string) => string | null {
  const t = useT();
  return (key) => {
    const id = `${ATTRIBUTE_MESSAGE}${key.trim()}`;
    return key.trim() && hasMessage(id) ? t(id) : null;
  };
}

/** A step's name in the reader's language, else in the other one, else its key ({@link stepName}). */
function useStepName(): (step: Pick<StepForm, 'nameEn' | 'nameEs' | 'key'>) => string {
  const { locale } = useLocale();
  return (step) => stepName(step, locale);
}

/** One problem in the reader's language, the steps it names by their names. */
function useProblemMessage(steps: StepForm[]): Say {
  const t = useT();
  const nameOfStep = useStepName();
  return (problem) => {
    const nameOf = (key: string) => {
      const step = steps.find((s) => s.key === key);
      return step ? nameOfStep(step) || key : key;
    };
    const { id, values } = describeProblem(problem, nameOf);
    return t(id, values);
  };
}

/**
 * A step's duration in words, in the reader's language: a reminder's "3 days before the
 * deadline", an escalation's "at the deadline", an SLA's "2 days from activation"; null while
 * the text is not a duration (the editor's field being typed).
 */
function useDurationText(): (iso: string, use: DurationUse) => string | null {
  const t = useT();
  const { formatLocale } = useLocale();
  return (iso, use) => {
    const described = describeDuration(iso, use, formatLocale);
    return described ? t(described.id, described.values) : null;
  };
}

/**
 * A step's condition in words: "Involves rail equals Yes" (the attribute by the project page's
 * words for it, else its key; booleans in the reader's words).
 */
function ConditionText({
  condition,
}: {
  condition: NonNullable<Schemas['ChainStep']['condition']>;
}) {
  const t = useT();
  const attributeName = useAttributeName();
  const c = condition as {
    attribute: string;
    equals?: unknown;
    notEquals?: unknown;
    in?: unknown[];
  };
  const [op, value] =
    'equals' in c
      ? (['equals', c.equals] as const)
      : 'notEquals' in c
        ? (['notEquals', c.notEquals] as const)
        : (['in', c.in] as const);
  const values = (Array.isArray(value) ? value : [value])
    .map((v) => (typeof v === 'boolean' ? t(v ? 'common.yes' : 'common.no') : JSON.stringify(v)))
    .join(', ');
  const label = attributeName(c.attribute);
  return (
    <>
      {label ?? <code className="mono">{c.attribute}</code>} {t(`chainEditor.condition.${op}`)}{' '}
      <code className="mono">{values}</code>
    </>
  );
}

function FieldProblems({
  id,
  problems,
  say,
}: {
  id: string;
  problems: LocatedProblem[];
  say: Say;
}) {
  if (!problems.length) return null;
  return (
    <ul className="field-error field-error--list" id={id}>
      {problems.map((p, i) => (
        <li key={i}>{say(p)}</li>
      ))}
    </ul>
  );
}

/** The name an assignee goes by in the editor. */
function useAssigneeName() {
  const t = useT();
  const bi = useBi();
  const agencies = useAgencies();
  const groups = useGroups();
  return (a: Assignee) => {
    if ('agency' in a) {
      const agency = agencies.data?.get(a.agency);
      return agency
        ? `${a.agency} — ${bi(agency.name)} (${t(`country.short.${agency.country}`)})`
        : a.agency;
    }
    if ('technicalGroup' in a) {
      const group = groups.data?.get(a.technicalGroup);
      return t('chainEditor.assignee.group', {
        name: group ? bi(group.name) : a.technicalGroup,
      });
    }
    return t('chainEditor.assignee.projectGroup');
  };
}

function StepEditor({
  step,
  index,
  steps,
  problems,
  say,
  onChange,
  onRename,
  onRemove,
}: {
  step: StepForm;
  index: number;
  steps: StepForm[];
  problems: LocatedProblem[];
  say: Say;
  onChange: (patch: Partial<StepForm>) => void;
  onRename: (key: string) => void;
  onRemove: () => void;
}) {
  const t = useT();
  const bi = useBi();
  const agencies = useAgencies();
  const groups = useGroups();
  const assigneeName = useAssigneeName();
  const durationText = useDurationText();
  const attributeName = useAttributeName();
  const nameOf = useStepName();
  const id = (part: string) => `step-${step.uid}-${part}`;
  /**
   * Under a duration's field, what it says in words ("That is 3 days before the deadline."),
   * by the id `reading` (for the field's `aria-describedby`); nothing while it is not a duration.
   */
  const durationReading = (iso: string, use: DurationUse, reading: string) => {
    const when = durationText(iso, use);
    return {
      hint: when ? id(reading) : undefined,
      text: when && (
        <p className="hint" id={id(reading)}>
          {t('chainEditor.duration.reading', { when })}
        </p>
      ),
    };
  };
  const slaReading = durationReading(step.duration, 'fromActivation', 'sla-duration-reading');
  /**
   * How to write a duration (ISO 8601), once per step: after the first part's duration fields
   * shown — the elapsed-time deadline's, else the reminders', else the escalations' — and
   * nowhere while none is. Every duration field is described by its reading, then by it.
   */
  const durationHintAt =
    step.slaKind === 'duration'
      ? 'sla'
      : step.reminders.length > 0
        ? 'reminders'
        : step.escalations.length > 0
          ? 'escalations'
          : undefined;
  const durationHint = (at: typeof durationHintAt) =>
    durationHintAt === at && (
      <p className="hint" id={id('duration-hint')}>
        {t('chainEditor.duration.hint')}
      </p>
    );
  const describedByDuration = (reading?: string) =>
    [reading, id('duration-hint')].filter(Boolean).join(' ');
  /**
   * Where the problems of a control shown now are written, right by it: the control itself for
   * a field (the quorum, a reminder…), its group for a radio or a box of a calendar or of an
   * escalation's recipients (`sla-calendar`, `esc-<n>-notify`). Undefined for the rule's and
   * "runs after" choices and for a control not shown (the quorum once the rule changed): those
   * problems are written under their part of the step.
   */
  const beside = (control: string): string | undefined => {
    const shown = (on: boolean, slot = control) => (on ? slot : undefined);
    const numbered = /^(reminder|esc)-(\d+)(?:-(.+))?$/.exec(control);
    if (numbered) {
      const [, list, n, part] = numbered;
      if (list === 'reminder') return shown(Number(n) < step.reminders.length);
      const on = Number(n) < step.escalations.length;
      return part === 'after' ? shown(on) : shown(on, `esc-${n}-notify`);
    }
    if (control.startsWith('sla-calendar-'))
      return shown(step.slaKind === 'businessDays', 'sla-calendar');
    switch (control) {
      case 'quorum':
        return shown(step.rule === 'quorum');
      case 'condition-attribute':
      case 'condition-value':
        return shown(step.conditionOn);
      case 'sla-days':
        return shown(step.slaKind === 'businessDays');
      case 'sla-duration-value':
        return shown(step.slaKind === 'duration');
      default:
        return undefined;
    }
  };
  /** The problems of a part of the step not written by a control of it. */
  const of = (field: string) => problems.filter((p) => p.field === field && !beside(p.control));
  /** The problems written at `slot` ({@link beside}). */
  const at = (slot: string) => problems.filter((p) => beside(p.control) === slot);
  /**
   * Marks the one control a problem is about (`control`, e.g. the quorum's number rather than
   * the whole rule) invalid, described by its problems: those written by it ({@link beside}),
   * else the list of its part's problems (`list`).
   */
  const invalid = (control: string, list: string, hint?: string) => {
    const bad = problems.some((p) => p.control === control);
    const errors = id(`${beside(control) ?? list}-error`);
    const describedBy = [hint, bad ? errors : undefined].filter(Boolean).join(' ');
    return { 'aria-invalid': bad || undefined, 'aria-describedby': describedBy || undefined };
  };
  const [pick, setPick] = useState('');
  const others = steps.filter((s) => s.uid !== step.uid && s.key.trim());
  // Where a rejection may send the workflow back: only to a step this one runs after.
  const targets = returnTargets(steps, step.uid);
  // A choice made before `dependsOn` changed stays shown, marked as a problem, until changed.
  const stale = step.returnTo !== '' && !targets.some((o) => o.key === step.returnTo);
  const staleStep = steps.find((o) => o.key === step.returnTo);
  const title = nameOf(step);
  const attributeLabel = attributeName(step.conditionAttribute);

  return (
    <section
      className={`chain-step${problems.length ? ' chain-step--invalid' : ''}`}
      aria-labelledby={id('title')}
    >
      <h3 id={id('title')} tabIndex={-1}>
        {t('chainEditor.step.title', { number: index + 1, name: title || '—' })}
        {problems.length > 0 && (
          <span className="tag tag--rejected">
            {t('chainEditor.step.problems', { count: problems.length })}
          </span>
        )}
      </h3>
      <FieldProblems id={id('step-error')} problems={of('step')} say={say} />
      <div className="field-row">
        {(['nameEs', 'nameEn'] as const).map((control) => (
          <div className="field" key={control}>
            <label htmlFor={id(control)}>{t(`chainEditor.step.${control}`)}</label>
            <input
              id={id(control)}
              lang={control === 'nameEs' ? 'es' : 'en'}
              value={step[control]}
              maxLength={200}
              {...invalid(control, control)}
              onChange={(e) => onChange({ [control]: e.target.value })}
              onBlur={() => {
                if (control === 'nameEn' && !step.key && step.nameEn)
                  onRename(suggestKey(step.nameEn));
              }}
            />
            <FieldProblems
              id={id(`${control}-error`)}
              problems={problems.filter((p) => p.control === control)}
              say={say}
            />
          </div>
        ))}
      </div>
      <div className="field">
        <label htmlFor={id('key')}>{t('chainEditor.step.key')}</label>
        <p className="hint" id={id('key-hint')}>
          {t('chainEditor.step.key.hint')}
        </p>
        <input
          id={id('key')}
          value={step.key}
          maxLength={64}
          spellCheck={false}
          aria-invalid={of('key').length > 0 || undefined}
          aria-describedby={[id('key-hint'), of('key').length ? id('key-error') : '']
            .filter(Boolean)
            .join(' ')}
          onChange={(e) => onRename(e.target.value)}
        />
        <FieldProblems id={id('key-error')} problems={of('key')} say={say} />
      </div>

      <fieldset>
        <legend>{t('chainEditor.step.assignees')}</legend>
        {step.assignees.length === 0 ? (
          <p className="hint">{t('chainEditor.step.assignees.none')}</p>
        ) : (
          <ul className="assignee-list">
            {step.assignees.map((a) => (
              <li key={assigneeValue(a)}>
                {assigneeName(a)}{' '}
                <button
                  type="button"
                  className="button button--secondary button--small"
                  aria-label={t('chainEditor.step.assignees.remove', { name: assigneeName(a) })}
                  onClick={() =>
                    onChange({
                      assignees: step.assignees.filter(
                        (x) => assigneeValue(x) !== assigneeValue(a),
                      ),
                    })
                  }
                >
                  {t('admin.remove')}
                </button>
              </li>
            ))}
          </ul>
        )}
        <div className="field-inline">
          <div className="field">
            <label htmlFor={id('assignee-pick')}>{t('chainEditor.step.assignees.pick')}</label>
            <select
              id={id('assignee-pick')}
              value={pick}
              {...invalid('assignee-pick', 'assignees')}
              onChange={(e) => setPick(e.target.value)}
            >
              <option value="">{t('chainEditor.step.assignees.choose')}</option>
              <optgroup label={t('chainEditor.step.assignees.agencies')}>
                {[...(agencies.data?.values() ?? [])].map((a) => (
                  <option key={a.code} value={`agency:${a.code}`}>
                    {a.code} — {bi(a.name)} ({t(`country.short.${a.country}`)})
                  </option>
                ))}
              </optgroup>
              <optgroup label={t('chainEditor.step.assignees.groups')}>
                {[...(groups.data?.values() ?? [])].map((g) => (
                  <option key={g.code} value={`group:${g.code}`}>
                    {bi(g.name)} ({g.code})
                  </option>
                ))}
                <option value="project-group">{t('chainEditor.assignee.projectGroup')}</option>
              </optgroup>
            </select>
          </div>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              const a = parseAssigneeValue(pick);
              if (!a || step.assignees.some((x) => assigneeValue(x) === pick)) return;
              onChange({ assignees: [...step.assignees, a] });
              setPick('');
              // Back to the list, to add another assignee.
              document.getElementById(id('assignee-pick'))?.focus();
            }}
          >
            {t('chainEditor.step.assignees.add')}
          </button>
        </div>
        <FieldProblems id={id('assignees-error')} problems={of('assignees')} say={say} />
      </fieldset>

      <fieldset>
        <legend>{t('chainEditor.step.rule')}</legend>
        {(['all', 'any', 'quorum'] as const).map((rule) => (
          <div className="radio" key={rule}>
            <input
              type="radio"
              id={id(`rule-${rule}`)}
              name={id('rule')}
              checked={step.rule === rule}
              onChange={() => onChange({ rule })}
            />
            <label htmlFor={id(`rule-${rule}`)}>{t(`chainEditor.rule.${rule}` as MessageId)}</label>
          </div>
        ))}
        {step.rule === 'quorum' && (
          <div className="field">
            <label htmlFor={id('quorum')}>{t('chainEditor.rule.quorum.count')}</label>
            <input
              id={id('quorum')}
              inputMode="numeric"
              className="input--short"
              value={step.quorum}
              {...invalid('quorum', 'rule')}
              onChange={(e) => onChange({ quorum: e.target.value })}
            />
            <FieldProblems id={id('quorum-error')} problems={at('quorum')} say={say} />
          </div>
        )}
        <FieldProblems id={id('rule-error')} problems={of('rule')} say={say} />
      </fieldset>

      <fieldset>
        <legend>{t('chainEditor.step.dependsOn')}</legend>
        {others.length === 0 ? (
          <p className="hint">{t('chainEditor.step.dependsOn.none')}</p>
        ) : (
          <div className="choice-list">
            {others.map((o) => (
              <div className="checkbox" key={o.uid}>
                <input
                  type="checkbox"
                  id={id(`dep-${o.uid}`)}
                  checked={step.dependsOn.includes(o.key)}
                  {...invalid(`dep-${o.uid}`, 'dependsOn')}
                  onChange={(e) =>
                    onChange({
                      dependsOn: e.target.checked
                        ? [...step.dependsOn, o.key]
                        : step.dependsOn.filter((d) => d !== o.key),
                    })
                  }
                />
                <label htmlFor={id(`dep-${o.uid}`)}>
                  {nameOf(o)} ({o.key})
                </label>
              </div>
            ))}
          </div>
        )}
        <FieldProblems id={id('dependsOn-error')} problems={of('dependsOn')} say={say} />
      </fieldset>

      <fieldset>
        <legend>{t('chainEditor.step.condition')}</legend>
        <div className="checkbox">
          <input
            type="checkbox"
            id={id('condition-on')}
            checked={step.conditionOn}
            onChange={(e) => onChange({ conditionOn: e.target.checked })}
          />
          <label htmlFor={id('condition-on')}>{t('chainEditor.condition.on')}</label>
        </div>
        {step.conditionOn && (
          <div className="field-row">
            <div className="field">
              <label htmlFor={id('condition-attribute')}>
                {t('chainEditor.condition.attribute')}
              </label>
              <input
                id={id('condition-attribute')}
                value={step.conditionAttribute}
                spellCheck={false}
                autoComplete="off"
                list={id('condition-attributes')}
                {...invalid(
                  'condition-attribute',
                  'condition',
                  attributeLabel ? id('condition-attribute-reading') : undefined,
                )}
                onChange={(e) => onChange({ conditionAttribute: e.target.value })}
              />
              {/* The usual attributes, by their key and their words; any other key is accepted. */}
              <datalist id={id('condition-attributes')}>
                {KNOWN_ATTRIBUTES.map((key) => (
                  <option key={key} value={key} label={attributeName(key) ?? key} />
                ))}
              </datalist>
              <FieldProblems
                id={id('condition-attribute-error')}
                problems={at('condition-attribute')}
                say={say}
              />
              {attributeLabel && (
                <p className="hint" id={id('condition-attribute-reading')}>
                  {t('chainEditor.condition.attribute.reading', { name: attributeLabel })}
                </p>
              )}
            </div>
            <div className="field">
              <label htmlFor={id('condition-op')}>{t('chainEditor.condition.op')}</label>
              <select
                id={id('condition-op')}
                value={step.conditionOp}
                onChange={(e) =>
                  onChange({ conditionOp: e.target.value as StepForm['conditionOp'] })
                }
              >
                {(['equals', 'notEquals', 'in'] as const).map((op) => (
                  <option key={op} value={op}>
                    {t(`chainEditor.condition.${op}` as MessageId)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={id('condition-value')}>{t('chainEditor.condition.value')}</label>
              <input
                id={id('condition-value')}
                value={step.conditionValue}
                {...invalid('condition-value', 'condition', id('condition-hint'))}
                onChange={(e) => onChange({ conditionValue: e.target.value })}
              />
              <FieldProblems
                id={id('condition-value-error')}
                problems={at('condition-value')}
                say={say}
              />
              <p className="hint" id={id('condition-hint')}>
                {t('chainEditor.condition.value.hint')}
              </p>
            </div>
          </div>
        )}
        <FieldProblems id={id('condition-error')} problems={of('condition')} say={say} />
      </fieldset>

      <fieldset>
        <legend>{t('chainEditor.step.sla')}</legend>
        {(['none', 'businessDays', 'duration'] as const).map((kind) => (
          <div className="radio" key={kind}>
            <input
              type="radio"
              id={id(`sla-${kind}`)}
              name={id('sla')}
              checked={step.slaKind === kind}
              onChange={() => onChange({ slaKind: kind })}
            />
            <label htmlFor={id(`sla-${kind}`)}>{t(`chainEditor.sla.${kind}` as MessageId)}</label>
          </div>
        ))}
        {step.slaKind === 'businessDays' && (
          <>
            <div className="field">
              <label htmlFor={id('sla-days')}>{t('chainEditor.sla.days')}</label>
              <input
                id={id('sla-days')}
                inputMode="numeric"
                className="input--short"
                value={step.businessDays}
                {...invalid('sla-days', 'sla')}
                onChange={(e) => onChange({ businessDays: e.target.value })}
              />
              <FieldProblems id={id('sla-days-error')} problems={at('sla-days')} say={say} />
            </div>
            {/* Radios, not a list: each calendar's words whole, at any width. */}
            <fieldset className="fieldset--plain">
              <legend>{t('chainEditor.sla.calendar')}</legend>
              {CALENDARS.map((c) => (
                <div className="radio" key={c}>
                  <input
                    type="radio"
                    id={id(`sla-calendar-${c}`)}
                    name={id('sla-calendar')}
                    checked={step.calendar === c}
                    {...invalid(`sla-calendar-${c}`, 'sla')}
                    onChange={() => onChange({ calendar: c })}
                  />
                  <label htmlFor={id(`sla-calendar-${c}`)}>{t(`calendar.${c}`)}</label>
                </div>
              ))}
              <FieldProblems
                id={id('sla-calendar-error')}
                problems={at('sla-calendar')}
                say={say}
              />
            </fieldset>
          </>
        )}
        {step.slaKind === 'duration' && (
          <div className="field">
            <label htmlFor={id('sla-duration-value')}>{t('chainEditor.sla.durationField')}</label>
            <input
              id={id('sla-duration-value')}
              className="input--short"
              value={step.duration}
              spellCheck={false}
              {...invalid('sla-duration-value', 'sla', describedByDuration(slaReading.hint))}
              onChange={(e) => onChange({ duration: e.target.value })}
            />
            <FieldProblems
              id={id('sla-duration-value-error')}
              problems={at('sla-duration-value')}
              say={say}
            />
            {slaReading.text}
          </div>
        )}
        {durationHint('sla')}
        <FieldProblems id={id('sla-error')} problems={of('sla')} say={say} />
      </fieldset>

      <fieldset>
        <legend>{t('chainEditor.step.reminders')}</legend>
        {step.reminders.map((before, i) => {
          const reading = durationReading(before, 'before', `reminder-${i}-reading`);
          return (
            <div className="field" key={i}>
              <label htmlFor={id(`reminder-${i}`)}>
                {t('chainEditor.reminder.before', { number: i + 1 })}
              </label>
              <div className="field-inline field-inline--middle">
                <input
                  id={id(`reminder-${i}`)}
                  className="input--short"
                  value={before}
                  spellCheck={false}
                  {...invalid(`reminder-${i}`, 'reminders', describedByDuration(reading.hint))}
                  onChange={(e) =>
                    onChange({
                      reminders: step.reminders.map((r, j) => (j === i ? e.target.value : r)),
                    })
                  }
                />
                <button
                  type="button"
                  className="button button--secondary button--small"
                  aria-label={t('chainEditor.reminder.remove', { number: i + 1 })}
                  onClick={() => onChange({ reminders: step.reminders.filter((_, j) => j !== i) })}
                >
                  {t('admin.remove')}
                </button>
              </div>
              <FieldProblems
                id={id(`reminder-${i}-error`)}
                problems={at(`reminder-${i}`)}
                say={say}
              />
              {reading.text}
            </div>
          );
        })}
        {durationHint('reminders')}
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => onChange({ reminders: [...step.reminders, 'P1D'] })}
        >
          {t('chainEditor.reminder.add')}
        </button>
        <FieldProblems id={id('reminders-error')} problems={of('reminders')} say={say} />
      </fieldset>

      <fieldset>
        <legend>{t('chainEditor.step.escalations')}</legend>
        {step.escalations.map((esc, i) => {
          const reading = durationReading(esc.after, 'after', `esc-${i}-after-reading`);
          return (
            <fieldset key={i} className="nested">
              <legend>{t('chainEditor.escalation.title', { number: i + 1 })}</legend>
              <div className="field">
                <label htmlFor={id(`esc-${i}-after`)}>{t('chainEditor.escalation.after')}</label>
                <input
                  id={id(`esc-${i}-after`)}
                  className="input--short"
                  value={esc.after}
                  spellCheck={false}
                  {...invalid(`esc-${i}-after`, 'escalations', describedByDuration(reading.hint))}
                  onChange={(e) =>
                    onChange({
                      escalations: step.escalations.map((x, j) =>
                        j === i ? { ...x, after: e.target.value } : x,
                      ),
                    })
                  }
                />
                <FieldProblems
                  id={id(`esc-${i}-after-error`)}
                  problems={at(`esc-${i}-after`)}
                  say={say}
                />
                {reading.text}
              </div>
              <fieldset className="fieldset--plain">
                <legend>{t('chainEditor.escalation.notify')}</legend>
                <div className="choice-list">
                  {ESCALATION_TARGETS.map((target) => (
                    <div className="checkbox" key={target}>
                      <input
                        type="checkbox"
                        id={id(`esc-${i}-${target}`)}
                        checked={esc.notify.includes(target)}
                        {...invalid(`esc-${i}-${target}`, 'escalations')}
                        onChange={(e) =>
                          onChange({
                            escalations: step.escalations.map((x, j) =>
                              j === i
                                ? {
                                    ...x,
                                    notify: e.target.checked
                                      ? [...x.notify, target]
                                      : x.notify.filter((n) => n !== target),
                                  }
                                : x,
                            ),
                          })
                        }
                      />
                      <label htmlFor={id(`esc-${i}-${target}`)}>
                        {t(`chainEditor.notify.${target}` as MessageId)}
                      </label>
                    </div>
                  ))}
                </div>
                <FieldProblems
                  id={id(`esc-${i}-notify-error`)}
                  problems={at(`esc-${i}-notify`)}
                  say={say}
                />
              </fieldset>
              <button
                type="button"
                className="button button--secondary button--small"
                onClick={() =>
                  onChange({ escalations: step.escalations.filter((_, j) => j !== i) })
                }
              >
                {t('chainEditor.escalation.remove', { number: i + 1 })}
              </button>
            </fieldset>
          );
        })}
        {durationHint('escalations')}
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() =>
            onChange({
              escalations: [...step.escalations, { after: 'PT0S', notify: ['coordinator'] }],
            })
          }
        >
          {t('chainEditor.escalation.add')}
        </button>
        <FieldProblems id={id('escalations-error')} problems={of('escalations')} say={say} />
      </fieldset>

      {targets.length === 0 && !stale ? (
        // Nothing to return to: no empty choice, but what happens, in words.
        <div className="field">
          <span className="label">{t('chainEditor.step.onReject')}</span>
          <p className="hint">{t('chainEditor.onReject.none')}</p>
          <FieldProblems id={id('onReject-error')} problems={of('onReject')} say={say} />
        </div>
      ) : (
        <div className="field">
          <label htmlFor={id('onReject')}>{t('chainEditor.step.onReject')}</label>
          <select
            id={id('onReject')}
            value={step.returnTo}
            {...invalid('onReject', 'onReject')}
            onChange={(e) => onChange({ returnTo: e.target.value })}
          >
            <option value="">{t('chainEditor.onReject.end')}</option>
            {targets.map((o) => (
              <option key={o.uid} value={o.key}>
                {t('chainEditor.onReject.returnTo', { name: nameOf(o) })}
              </option>
            ))}
            {stale && (
              <option value={step.returnTo}>
                {t('chainEditor.onReject.returnTo', {
                  name: staleStep ? nameOf(staleStep) : step.returnTo,
                })}
              </option>
            )}
          </select>
          <FieldProblems id={id('onReject-error')} problems={of('onReject')} say={say} />
        </div>
      )}

      <button type="button" className="button button--danger button--small" onClick={onRemove}>
        {t('chainEditor.step.remove', { number: index + 1 })}
      </button>
    </section>
  );
}

/** The graph of the draft, redrawn as it is edited. */
function Preview({ form, problems }: { form: ChainForm; problems: LocatedProblem[] }) {
  const t = useT();
  const attributeName = useAttributeName();
  // Drawn by uid: a draft may have two steps of one key, or steps without one yet.
  const uids = new Map<string, string[]>();
  for (const s of form.steps) if (s.key) uids.set(s.key, [...(uids.get(s.key) ?? []), s.uid]);
  const nodes: GraphNode[] = form.steps.map((s, i) => {
    const count = problems.filter((p) => p.step === i).length;
    return {
      key: s.uid,
      // In the reader's language, else in the other one, else by its key (as its title says).
      name: {
        en: stepName(s, 'en') || '—',
        es: stepName(s, 'es') || '—',
      },
      invalid: count > 0,
      note: count
        ? t('chainEditor.step.problems', { count })
        : s.conditionOn
          ? t('chainEditor.preview.conditional', {
              attribute: attributeName(s.conditionAttribute) ?? s.conditionAttribute.trim(),
            })
          : t('chainEditor.preview.assignees', { count: s.assignees.length }),
    };
  });
  const dependsOn = new Map(
    form.steps.map((s) => [
      s.uid,
      s.dependsOn.flatMap((key) => (uids.get(key) ?? []).filter((uid) => uid !== s.uid)),
    ]),
  );
  return (
    <section aria-labelledby="chain-preview" className="chain-preview">
      <h2 id="chain-preview">{t('chainEditor.preview')}</h2>
      {nodes.length === 0 ? (
        <p className="hint">{t('chainEditor.preview.empty')}</p>
      ) : (
        <WorkflowGraph
          steps={nodes}
          dependsOn={dependsOn}
          label={t('chainEditor.preview.label', { count: nodes.length })}
        />
      )}
    </section>
  );
}

/**
 * The assignees of a chain nobody could sign for today: an agency without an active approver,
 * a group whose co-chairs are not both active. Checked before publishing (publishing goes
 * ahead regardless), from the users the admin may read. The project's own group is known only
 * when a workflow starts, so it is not checked.
 */
async function unstaffed(
  form: ChainForm,
  agencies: Map<string, Schemas['AgencyView']>,
  groups: Map<string, Schemas['TechnicalGroupView']>,
): Promise<{ step: StepForm; assignee: Assignee }[]> {
  const found: { step: StepForm; assignee: Assignee }[] = [];
  const staffed = new Map<string, Promise<boolean>>();
  const agencyStaffed = (code: string) => {
    const agency = agencies.get(code);
    if (!agency) return Promise.resolve(false);
    return call(
      api.GET('/api/v1/users', {
        params: { query: { agencyId: agency.id, role: 'approver', limit: 200 } },
      }),
    ).then((page) => page.items.some((u) => u.active));
  };
  const groupStaffed = async (code: string) => {
    const group = groups.get(code);
    if (!group) return false;
    const chairs = await Promise.all(
      [group.coChairs.mx, group.coChairs.us].map((c) =>
        c ? call(api.GET('/api/v1/users/{id}', { params: { path: { id: c.userId } } })) : null,
      ),
    );
    return chairs.every((u) => u?.active);
  };
  for (const step of form.steps)
    for (const assignee of step.assignees) {
      if ('projectGroup' in assignee) continue;
      const id = assigneeValue(assignee);
      if (!staffed.has(id))
        staffed.set(
          id,
          'agency' in assignee
            ? agencyStaffed(assignee.agency)
            : groupStaffed(assignee.technicalGroup),
        );
      if (!(await staffed.get(id))) found.push({ step, assignee });
    }
  return found;
}

/** The form of a chain; its conditions' booleans in the reader's `words` ("Sí", "No"). */
function formOf(chain: Chain | null, words: YesNo): ChainForm {
  if (!chain) return { key: '', nameEn: '', nameEs: '', steps: [emptyStep()] };
  return {
    key: chain.key,
    nameEn: chain.name.en,
    nameEs: chain.name.es,
    steps: (chain.steps as Schemas['ChainStep'][]).map((s) => fromChainStep(s, words)),
  };
}

function Editor({ chain }: { chain: Chain | null }) {
  const t = useT();
  const nameOf = useStepName();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const problemText = useProblemText();
  const assigneeName = useAssigneeName();
  const agencies = useAgencies();
  const groups = useGroups();
  const [form, setForm] = useState<ChainForm>(() =>
    formOf(chain, { yes: t('common.yes'), no: t('common.no') }),
  );
  const say = useProblemMessage(form.steps);
  /** The service's problems with the draft as last sent (the summary lists these). */
  const [problems, setProblems] = useState<LocatedProblem[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [checks, setChecks] = useState<{ step: StepForm; assignee: Assignee }[] | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const checksRef = useRef<HTMLDivElement>(null);
  const focusNext = useRef<string | null>(null);

  useEffect(() => {
    if (focusNext.current) {
      document.getElementById(focusNext.current)?.focus();
      focusNext.current = null;
    }
  });

  const body = () => ({
    key: form.key.trim(),
    name: { en: form.nameEn.trim(), es: form.nameEs.trim() },
    steps: form.steps.map(toChainStep),
  });

  const fail = (error: unknown) => {
    setSaved(false);
    setChecks(null);
    if (error instanceof ApiError && error.problem.errors?.length) {
      setProblems(locateProblems(error.problem.errors, form));
      setFailure(null);
    } else {
      setProblems([]);
      setFailure(error);
    }
    window.setTimeout(() => summaryRef.current?.focus(), 0);
  };

  const save = useMutation({
    mutationFn: async (): Promise<Chain> =>
      chain
        ? call(
            api.PUT('/api/v1/approval-chains/{id}', {
              params: { path: { id: chain.id } },
              body: body(),
            }),
          )
        : call(api.POST('/api/v1/approval-chains', { body: body() })),
    onSuccess: async (result) => {
      setProblems([]);
      setFailure(null);
      await queryClient.invalidateQueries({ queryKey: ['approval-chains'] });
      if (!chain) {
        await navigate({ to: '/manage/chains/$chainId', params: { chainId: result.id } });
        return;
      }
      queryClient.setQueryData(['approval-chains', 'one', result.id], result);
    },
    onError: fail,
  });

  const review = useMutation({
    mutationFn: async () => {
      await save.mutateAsync();
      return unstaffed(form, agencies.data ?? new Map(), groups.data ?? new Map());
    },
    onSuccess: (found) => {
      setChecks(found);
      window.setTimeout(() => checksRef.current?.focus(), 0);
    },
  });

  const publish = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/approval-chains/{id}/publish', { params: { path: { id: chain!.id } } }),
      ) as Promise<Chain & { warnings?: Warning[] }>,
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: ['approval-chains'] });
      queryClient.setQueryData(['approval-chains', 'one', result.id], result);
      sessionStorage.setItem(
        `puentes.published.${result.id}`,
        JSON.stringify(result.warnings ?? []),
      );
    },
    onError: fail,
  });

  const setStep = (uid: string, patch: Partial<StepForm>) => {
    setSaved(false);
    setForm((f) => ({ ...f, steps: f.steps.map((s) => (s.uid === uid ? { ...s, ...patch } : s)) }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecks(null);
    save.mutate(undefined, { onSuccess: () => setSaved(true) });
  };

  // On the steps and the preview: the service's problems, and those the form sees as it is
  // edited (a return to a step this one no longer runs after) unless the service named them.
  const shown = [
    ...problems,
    ...formProblems(form).filter(
      (p) => !problems.some((q) => q.step === p.step && q.field === p.field),
    ),
  ];
  const chainProblems = problems.filter((p) => p.step === null);
  const chainProblemsAt = (control: string) => chainProblems.filter((p) => p.control === control);
  /** The chain control a problem is about, marked and described by its problems. */
  const chainInvalid = (control: string, hint?: string) => {
    const bad = chainProblemsAt(control).length > 0;
    const describedBy = [hint, bad ? `${control}-error` : undefined].filter(Boolean).join(' ');
    return { 'aria-invalid': bad || undefined, 'aria-describedby': describedBy || undefined };
  };
  /**
   * Takes the keyboard to the control a problem is about; when the form no longer shows it
   * (the condition or the quorum since switched off), to its step's heading.
   */
  const focusProblem = (p: LocatedProblem) => {
    const step = p.step === null ? undefined : form.steps[p.step];
    (
      document.getElementById(p.target) ??
      (step ? document.getElementById(`step-${step.uid}-title`) : null)
    )?.focus();
  };
  /** What the summary calls the part of the form a problem is on. */
  const partName = (p: LocatedProblem) => {
    if (p.step === null)
      return t(
        (
          {
            'chain-key': 'chainEditor.key',
            'chain-nameEn': 'chainEditor.nameEn',
            'chain-nameEs': 'chainEditor.nameEs',
            'add-step': 'chainEditor.steps',
          } as const
        )[p.control] ?? 'chainEditor.form',
      );
    const control = (
      {
        nameEn: 'chainEditor.field.nameEn',
        nameEs: 'chainEditor.field.nameEs',
        quorum: 'chainEditor.field.quorum',
        'condition-attribute': 'chainEditor.field.conditionAttribute',
        'condition-value': 'chainEditor.field.conditionValue',
      } as const
    )[p.control];
    return t(control ?? (`chainEditor.field.${p.field}` as MessageId));
  };

  return (
    <form className="form chain-editor" onSubmit={submit} noValidate aria-labelledby="chain-form">
      <h2 id="chain-form" className="visually-hidden">
        {t('chainEditor.form')}
      </h2>
      <div ref={summaryRef} tabIndex={-1} role="alert" className="error-summary-slot">
        {problems.length > 0 && (
          <div className="alert alert--error">
            <p>
              <strong>{t('chainEditor.problems', { count: problems.length })}</strong>
            </p>
            <ul>
              {problems.map((p, i) => (
                <li key={i}>
                  <a
                    href={`#${p.target}`}
                    onClick={(e) => {
                      e.preventDefault();
                      focusProblem(p);
                    }}
                  >
                    {p.step !== null
                      ? t('chainEditor.problem.onStep', {
                          number: p.step + 1,
                          name: (form.steps[p.step] && nameOf(form.steps[p.step])) || '—',
                          field: partName(p),
                        })
                      : partName(p)}
                    : {say(p)}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        )}
        {failure != null && (
          <div className="alert alert--error">
            <p>
              <strong>{t('common.error')}</strong> {problemText(failure)}
            </p>
          </div>
        )}
      </div>
      <div role="status">
        {saved && !save.isPending && (
          <div className="alert alert--success">
            <p>{t('chainEditor.saved')}</p>
          </div>
        )}
      </div>

      <div className="field">
        <label htmlFor="chain-key">{t('chainEditor.key')}</label>
        <p className="hint" id="chain-key-hint">
          {t('chainEditor.key.hint')}
        </p>
        <input
          id="chain-key"
          value={form.key}
          readOnly={!!chain}
          spellCheck={false}
          maxLength={64}
          {...chainInvalid('chain-key', 'chain-key-hint')}
          onChange={(e) => setForm({ ...form, key: e.target.value })}
        />
        <FieldProblems id="chain-key-error" problems={chainProblemsAt('chain-key')} say={say} />
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor="chain-nameEs">{t('chainEditor.nameEs')}</label>
          <input
            id="chain-nameEs"
            lang="es"
            value={form.nameEs}
            maxLength={200}
            {...chainInvalid('chain-nameEs')}
            onChange={(e) => setForm({ ...form, nameEs: e.target.value })}
          />
          <FieldProblems
            id="chain-nameEs-error"
            problems={chainProblemsAt('chain-nameEs')}
            say={say}
          />
        </div>
        <div className="field">
          <label htmlFor="chain-nameEn">{t('chainEditor.nameEn')}</label>
          <input
            id="chain-nameEn"
            lang="en"
            value={form.nameEn}
            maxLength={200}
            {...chainInvalid('chain-nameEn')}
            onChange={(e) => {
              const nameEn = e.target.value;
              setForm((f) => ({
                ...f,
                nameEn,
                key: chain
                  ? f.key
                  : !f.key || f.key === suggestKey(f.nameEn)
                    ? suggestKey(nameEn)
                    : f.key,
              }));
            }}
          />
          <FieldProblems
            id="chain-nameEn-error"
            problems={chainProblemsAt('chain-nameEn')}
            say={say}
          />
        </div>
      </div>

      <div className="chain-editor__body">
        <div className="chain-editor__steps">
          <h2>{t('chainEditor.steps')}</h2>
          {form.steps.map((step, index) => (
            <StepEditor
              key={step.uid}
              step={step}
              index={index}
              steps={form.steps}
              problems={shown.filter((p) => p.step === index)}
              say={say}
              onChange={(patch) => setStep(step.uid, patch)}
              onRename={(key) => {
                setSaved(false);
                setForm((f) => ({ ...f, steps: renameStep(f.steps, step.uid, key) }));
              }}
              onRemove={() => {
                setForm((f) => ({ ...f, steps: removeStep(f.steps, step.uid) }));
                setProblems([]);
                focusNext.current = 'add-step';
              }}
            />
          ))}
          <button
            type="button"
            id="add-step"
            className="button button--secondary"
            {...chainInvalid('add-step')}
            onClick={() => {
              const step = emptyStep();
              setForm((f) => ({ ...f, steps: [...f.steps, step] }));
              focusNext.current = `step-${step.uid}-nameEs`;
            }}
          >
            {t('chainEditor.addStep')}
          </button>
          <FieldProblems id="add-step-error" problems={chainProblemsAt('add-step')} say={say} />
        </div>
        <Preview form={form} problems={shown} />
      </div>

      <div className="button-row">
        <BusyButton type="submit" className="button" busy={save.isPending}>
          {t('chainEditor.save')}
        </BusyButton>
        {chain && (
          <BusyButton
            type="button"
            id="chain-review"
            className="button button--secondary"
            busy={review.isPending}
            onClick={() => review.mutate()}
          >
            {t('chainEditor.review')}
          </BusyButton>
        )}
      </div>

      <div ref={checksRef} tabIndex={-1} aria-live="polite">
        {checks && (
          <section aria-labelledby="publish-checks" className="alert alert--warning">
            <h2 id="publish-checks">{t('chainEditor.checks')}</h2>
            {checks.length === 0 ? (
              <p>{t('chainEditor.checks.none')}</p>
            ) : (
              <ul>
                {checks.map(({ step, assignee }, i) => (
                  <li key={i}>
                    {t('chainEditor.checks.unstaffed', {
                      who: assigneeName(assignee),
                      step: nameOf(step),
                    })}
                  </li>
                ))}
              </ul>
            )}
            <p>{t('chainEditor.checks.frozen')}</p>
            <div className="button-row">
              <BusyButton
                type="button"
                className="button"
                busy={publish.isPending}
                onClick={() => publish.mutate()}
              >
                {checks.length ? t('chainEditor.publishAnyway') : t('chainEditor.publish')}
              </BusyButton>
              <button
                type="button"
                className="button button--secondary"
                onClick={() => {
                  setChecks(null);
                  document.getElementById('chain-review')?.focus();
                }}
              >
                {t('common.cancel')}
              </button>
            </div>
          </section>
        )}
      </div>
    </form>
  );
}

/** A published version: what it is, its graph and steps, and "new version from this one". */
function PublishedChain({ chain }: { chain: Chain }) {
  const t = useT();
  const bi = useBi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const assigneeName = useAssigneeName();
  const durationText = useDurationText();
  // A published chain was checked by the service: its durations read; were one not to, as stored.
  const when = (iso: string, use: DurationUse) => durationText(iso, use) ?? iso;
  const headingRef = useRef<HTMLDivElement>(null);
  const [warnings] = useState<Warning[] | null>(() => {
    const kept = sessionStorage.getItem(`puentes.published.${chain.id}`);
    return kept ? (JSON.parse(kept) as Warning[]) : null;
  });
  useEffect(() => {
    if (warnings) headingRef.current?.focus();
  }, [warnings]);
  const copy = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/approval-chains/{id}/versions', { params: { path: { id: chain.id } } }),
      ),
    onSuccess: async (draft) => {
      await queryClient.invalidateQueries({ queryKey: ['approval-chains'] });
      await navigate({ to: '/manage/chains/$chainId', params: { chainId: draft.id } });
    },
  });
  const steps = chain.steps as Schemas['ChainStep'][];
  const nameOfKey = (key: string) => bi(steps.find((s) => s.key === key)?.name) || key;
  const attributeName = useAttributeName();
  const nodes: GraphNode[] = steps.map((s) => ({
    key: s.key,
    name: s.name,
    note: s.condition
      ? t('chainEditor.preview.conditional', {
          attribute: attributeName(s.condition.attribute) ?? s.condition.attribute,
        })
      : t('chainEditor.preview.assignees', { count: s.assignees.length }),
  }));
  return (
    <>
      <div ref={headingRef} tabIndex={-1} role="status">
        {warnings && (
          <div className={`alert ${warnings.length ? 'alert--warning' : 'alert--success'}`}>
            <p>{t('chainEditor.published')}</p>
            {warnings.length > 0 && (
              <ul>
                {warnings.map((w, i) => (
                  <li key={i}>
                    {w.message
                      ? bi(w.message)
                      : t('chainEditor.checks.unstaffed', {
                          who: assigneeName(w.assignee),
                          step: nameOfKey(w.stepKey),
                        })}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
      <p>
        {t('chainEditor.publishedAt')} <DateTime value={chain.publishedAt} />
      </p>
      {copy.error instanceof ApiError && copy.error.status === 409 ? (
        <div className="alert alert--error" role="alert">
          <p>{t('chainEditor.draftExists')}</p>
        </div>
      ) : (
        <ErrorAlert error={copy.error} />
      )}
      <BusyButton
        type="button"
        className="button"
        busy={copy.isPending}
        onClick={() => copy.mutate()}
      >
        {t('chainEditor.newVersion')}
      </BusyButton>
      <WorkflowGraph
        steps={nodes}
        dependsOn={new Map(steps.map((s) => [s.key, s.dependsOn ?? []]))}
        label={t('chainEditor.preview.label', { count: nodes.length })}
      />
      <h2>{t('chainEditor.steps')}</h2>
      <ol className="chain-steps">
        {steps
          .map((s) => ({ s, form: fromChainStep(s) }))
          .map(({ s, form }) => (
            <li key={s.key}>
              <h3>{bi(s.name)}</h3>
              <dl className="facts">
                <dt>{t('chainEditor.step.key')}</dt>
                <dd>
                  <code>{s.key}</code>
                </dd>
                <dt>{t('chainEditor.step.assignees')}</dt>
                <dd>{(s.assignees as Assignee[]).map(assigneeName).join('; ')}</dd>
                <dt>{t('chainEditor.step.dependsOn')}</dt>
                <dd>{form.dependsOn.length ? form.dependsOn.map(nameOfKey).join(', ') : '—'}</dd>
                <dt>{t('chainEditor.step.rule')}</dt>
                <dd>
                  {t(`chainEditor.rule.${form.rule}` as MessageId)}
                  {form.rule === 'quorum' && <>: {form.quorum}</>}
                </dd>
                {s.condition && (
                  <>
                    <dt>{t('chainEditor.step.condition')}</dt>
                    <dd>
                      <ConditionText condition={s.condition} />
                    </dd>
                  </>
                )}
                <dt>{t('chainEditor.step.sla')}</dt>
                <dd>
                  {form.slaKind === 'businessDays'
                    ? t('chainEditor.sla.summary', {
                        days: Number(form.businessDays),
                        calendar: form.calendar,
                      })
                    : form.slaKind === 'duration'
                      ? when(form.duration, 'fromActivation')
                      : t('chainEditor.sla.none')}
                </dd>
                {form.reminders.length > 0 && (
                  <>
                    <dt>{t('chainEditor.step.reminders')}</dt>
                    <dd>
                      <ul>
                        {form.reminders.map((before, i) => (
                          <li key={i}>
                            {t('chainEditor.reminder.summary', {
                              number: i + 1,
                              when: when(before, 'before'),
                            })}
                          </li>
                        ))}
                      </ul>
                    </dd>
                  </>
                )}
                {form.escalations.length > 0 && (
                  <>
                    <dt>{t('chainEditor.step.escalations')}</dt>
                    <dd>
                      <ul>
                        {form.escalations.map((esc, i) => (
                          <li key={i}>
                            {t('chainEditor.escalation.summary', {
                              number: i + 1,
                              when: when(esc.after, 'after'),
                              who: esc.notify
                                .map((target) => t(`chainEditor.notify.${target}` as MessageId))
                                .join('; '),
                            })}
                          </li>
                        ))}
                      </ul>
                    </dd>
                  </>
                )}
                <dt>{t('chainEditor.step.onReject')}</dt>
                <dd>
                  {form.returnTo
                    ? t('chainEditor.onReject.returnTo', { name: nameOfKey(form.returnTo) })
                    : t('chainEditor.onReject.end')}
                </dd>
              </dl>
            </li>
          ))}
      </ol>
    </>
  );
}

export function ChainEditorPage() {
  const t = useT();
  const bi = useBi();
  const { chainId } = route.useParams();
  const isNew = chainId === 'new';
  const chain = useQuery({
    queryKey: ['approval-chains', 'one', chainId],
    enabled: !isNew,
    queryFn: () =>
      call(api.GET('/api/v1/approval-chains/{id}', { params: { path: { id: chainId } } })),
  });
  let content: ReactNode;
  let title = t('chainEditor.new');
  if (isNew) content = <Editor chain={null} />;
  else if (chain.isPending) content = <Loading />;
  else if (chain.error) content = <ErrorAlert error={chain.error} />;
  else {
    const c = chain.data;
    title = t('chainEditor.title', { name: bi(c.name), version: c.version });
    content = c.status === 'draft' ? <Editor key={c.id} chain={c} /> : <PublishedChain chain={c} />;
  }
  const status = chain.data?.status;
  return (
    <>
      <AdminNav />
      <p>
        <Link to="/manage/chains">{t('chains.back')}</Link>
      </p>
      <PageTitle title={title}>
        {title} {status && <span className="tag">{t(`chains.status.${status}` as MessageId)}</span>}
      </PageTitle>
      {content}
    </>
  );
}
