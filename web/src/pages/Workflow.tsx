import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useMemo, useRef, useState } from 'react';
import { api, call, type Schemas } from '../api/client';
import { fetchAll, useAgencies } from '../api/queries';
import { useUser } from '../auth/session';
import { EscalationTag, StatusTag, seatCountry, useBi } from '../components/bits';
import { DateTime, Due, ErrorAlert, Loading, PageTitle, Pagination } from '../components/common';
import {
  DecisionPanel,
  ResubmitPanel,
  type Outcome,
  type SignOption,
  useOutcomeText,
} from '../components/DecisionPanel';
import { StepDocuments, useProjectDocuments } from '../components/Documents';
import { Comments } from '../components/Comments';
import { ReassignPanel } from '../components/ReassignPanel';
import { WorkflowGraph } from '../components/WorkflowGraph';
import type { DocumentView } from '../api/documents';
import { useLocale, useT, type MessageId } from '../i18n/i18n';
import { rejectEffect } from '../lib/reject-effect';

const route = getRouteApi('/signed-in/workflows/$workflowId');

type Step = Schemas['StepView'];
type Assignee = Schemas['AssigneeView'];
type HistoryEvent = Schemas['WorkflowEventView'];
const EVENTS_PAGE = 50;
/**
 * The events a person does themselves, which the history signs with their name (or "by you");
 * the others (a step approved once its rule is met, changes requested, the next one started,
 * the workflow returned) follow from an act and carry its actor in the history, but are not
 * that person's doing: the act just before them names who it was.
 */
const OWN_ACTS = new Set([
  'workflow_started',
  'decision_recorded',
  'step_resubmitted',
  'workflow_cancelled',
  'assignee_reassigned',
  'document_attached',
  'comment_added',
]);

function assigneeCode(a: Assignee): string {
  return a.agency ?? a.technicalGroup ?? '';
}

/**
 * Who can sign for an assignee of an open step that has not decided yet: how many people, or,
 * when nobody can (or a co-chair seat is empty), a warning in words — not in colour alone.
 */
function Staffing({ assignee }: { assignee: Assignee }) {
  const t = useT();
  if (assignee.decision !== null || assignee.signers === undefined) return null;
  if (assignee.unstaffed)
    return (
      <>
        {' '}
        <span className="tag tag--unstaffed">
          <span aria-hidden="true">⚠ </span>
          {assignee.technicalGroup
            ? t('assignee.unstaffed.group', { count: assignee.signers })
            : t('assignee.unstaffed.agency')}
        </span>
      </>
    );
  return <span className="hint"> ({t('assignee.signers', { count: assignee.signers })})</span>;
}

/**
 * The chain version the workflow runs on: its name, each step's `dependsOn`, and each step's
 * definition (its rule and `onReject`, for what a rejection does) — the workflow view carries
 * none of them.
 */
function useChainVersion(chainKey: string | undefined, version: number | undefined) {
  return useQuery({
    queryKey: ['approval-chain', chainKey, version],
    enabled: !!chainKey,
    staleTime: Infinity,
    queryFn: async () => {
      const chains = await fetchAll((offset, limit) =>
        call(
          api.GET('/api/v1/approval-chains', {
            params: { query: { key: chainKey, offset, limit } },
          }),
        ),
      );
      const chain = chains.find((c) => c.version === version);
      const map = new Map<string, string[]>();
      const steps = new Map<string, Schemas['ChainStep']>();
      const name = chain?.name ?? null;
      for (const step of chain?.steps ?? []) {
        const key = typeof step.key === 'string' ? step.key : null;
        const deps = Array.isArray(step.dependsOn)
          ? step.dependsOn.filter((d): d is string => typeof d === 'string')
          : [];
        if (key) {
          map.set(key, deps);
          steps.set(key, step);
        }
      }
      return { dependsOn: map, steps, name };
    },
  });
}

export function WorkflowPage() {
  const t = useT();
  const bi = useBi();
  const { formatLocale } = useLocale();
  const outcomeText = useOutcomeText();
  const user = useUser();
  const { workflowId } = route.useParams();
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/workflows/$workflowId' });
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [reassigning, setReassigning] = useState<string | null>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  // A panel closed without a result (Cancel): focus goes back to the button that opened it.
  const focusNext = useRef<string | null>(null);
  const agencies = useAgencies();

  const workflow = useQuery({
    queryKey: ['workflow', workflowId],
    queryFn: () =>
      call(api.GET('/api/v1/workflows/{id}', { params: { path: { id: workflowId } } })),
  });
  const wf = workflow.data;
  const project = useQuery({
    queryKey: ['project', wf?.projectId],
    enabled: !!wf,
    queryFn: () =>
      call(api.GET('/api/v1/projects/{id}', { params: { path: { id: wf!.projectId } } })),
  });
  const dependsOn = useChainVersion(wf?.chainKey, wf?.chainVersion);
  // Every document of the project the reader may see: the steps' own, and those a decision may cite.
  const documents = useProjectDocuments(wf?.projectId);
  const stepDocuments = useMemo(() => {
    const byStep = new Map<string, DocumentView[]>();
    for (const d of documents.data ?? [])
      if (d.workflowId === workflowId && d.stepKey)
        byStep.set(d.stepKey, [...(byStep.get(d.stepKey) ?? []), d]);
    return byStep;
  }, [documents.data, workflowId]);
  // What the reader may sign on this workflow, as the inbox (the service) sees it, delegations included.
  const myTasks = useQuery({
    queryKey: ['tasks', 'all'],
    queryFn: () =>
      fetchAll((offset, limit) =>
        call(api.GET('/api/v1/tasks', { params: { query: { offset, limit } } })),
      ),
  });

  const signOptions = useMemo(() => {
    const byStep = new Map<string, SignOption[]>();
    for (const task of myTasks.data ?? []) {
      if (task.workflowId !== workflowId) continue;
      const options = byStep.get(task.stepKey) ?? [];
      // A delegate's task names the delegator: the panel says whose place the reader signs in.
      for (const s of task.signsFor)
        if (!options.some((o) => o.assignee === s.assignee && o.seat === s.seat))
          options.push(task.onBehalfOf ? { ...s, inPlaceOf: task.onBehalfOf.name } : s);
      byStep.set(task.stepKey, options);
    }
    return byStep;
  }, [myTasks.data, workflowId]);

  const canResubmit = wf && (wf.coordinatorId === user.id || user.roles.includes('admin'));
  const isCoordinator = user.roles.includes('coordinator') || user.roles.includes('admin');
  const openStep = search.step;

  useEffect(() => {
    if (outcome) outcomeRef.current?.focus();
  }, [outcome]);
  useEffect(() => {
    const opener = focusNext.current && document.getElementById(focusNext.current);
    if (opener) {
      opener.focus();
      focusNext.current = null;
    }
  });

  // Opened on a step (a task, an email link): bring that step into view once the graph above it
  // has its height, or its decision panel ends up below the fold with the focus in it.
  const shownStep = useRef<string | null>(null);
  const pageReady = !!wf && !!dependsOn.data && !myTasks.isPending;
  useEffect(() => {
    if (!openStep || !pageReady) return;
    const target = `${workflowId}/${openStep}`;
    if (shownStep.current === target) return;
    shownStep.current = target;
    document.getElementById(`step-${openStep}`)?.scrollIntoView({ block: 'start' });
  }, [openStep, pageReady, workflowId]);

  const setStep = (key: string | undefined) =>
    void navigate({ search: (s) => ({ ...s, step: key }), replace: true, resetScroll: false });

  if (workflow.isPending) return <Loading />;
  if (workflow.error || !wf)
    return (
      <section>
        <PageTitle title={t('workflow.title')}>{t('workflow.title')}</PageTitle>
        <ErrorAlert error={workflow.error} />
      </section>
    );

  const projectName = project.data ? `${project.data.code} — ${bi(project.data.name)}` : '';
  const title = projectName ? t('workflow.titleOf', { project: projectName }) : t('workflow.title');
  // The agency whose clock the step's deadline is set on: its first assignee, as the service
  // counts it (a technical group's is its co-chair's agency, not known here: none is shown).
  const owner = (step: Step) => {
    const code = step.assignees[0]?.agency;
    return code ? { code, timeZone: agencies.data?.get(code)?.timeZone } : undefined;
  };
  const holders = new Set(
    wf.steps
      .filter((s) => s.status === 'active')
      .flatMap((s) => s.assignees.filter((a) => a.decision === null).map(assigneeCode)),
  );
  // A step sent back waits on nobody's signature but on the coordinator's resubmission: the
  // coordinator is named once, with every such step ("“A” and “B”", in the reader's language).
  const toResubmit =
    wf.status === 'active'
      ? wf.steps
          .filter((s) => s.status === 'changes_requested')
          .map((s) => t('workflow.ballResubmit.step', { step: bi(s.name) }))
      : [];
  const agencyHolders = [...holders].map((code) => {
    const a = agencies.data?.get(code);
    return a ? `${code} (${t(`country.short.${a.country}`)})` : code;
  });
  // The coordinator's part has commas of its own: a semicolon sets it apart from the agencies.
  const ballHolders = [
    ...(agencyHolders.length > 0 ? [agencyHolders.join(', ')] : []),
    ...(toResubmit.length > 0
      ? [
          t('workflow.ballResubmit', {
            steps: new Intl.ListFormat(formatLocale, { type: 'conjunction' }).format(toResubmit),
          }),
        ]
      : []),
  ];

  return (
    <section>
      <p>
        <Link to="/workflows">{t('workflow.back')}</Link>
      </p>
      <PageTitle title={title}>{title}</PageTitle>
      <dl className="meta">
        <div>
          <dt>{t('workflow.status')}</dt>
          <dd>
            <StatusTag status={wf.status} kind="workflow" />
          </dd>
        </div>
        <div>
          <dt>{t('workflow.chain')}</dt>
          <dd>
            {t('workflow.chainVersion', {
              key: bi(dependsOn.data?.name) || wf.chainKey,
              version: wf.chainVersion,
            })}
          </dd>
        </div>
        <div>
          <dt>{t('workflow.started')}</dt>
          <dd>
            <DateTime value={wf.startedAt} />
          </dd>
        </div>
        {wf.completedAt && (
          <div>
            <dt>{t('workflow.completed')}</dt>
            <dd>
              <DateTime value={wf.completedAt} />
            </dd>
          </div>
        )}
        {project.data && (
          <div>
            <dt>{t('workflow.project')}</dt>
            <dd>
              <Link to="/projects/$projectId" params={{ projectId: project.data.id }}>
                {project.data.code}
              </Link>
            </dd>
          </div>
        )}
      </dl>
      <p>
        <strong>{t('workflow.ball')}</strong>{' '}
        {ballHolders.length > 0 ? ballHolders.join('; ') : t('workflow.ballNobody')}
      </p>

      <div ref={outcomeRef} tabIndex={-1} aria-live="polite" role="status">
        {outcome && (
          <div
            className={`alert ${outcome.kind === 'success' ? 'alert--success' : outcome.kind === 'conflict' ? 'alert--warning' : 'alert--error'}`}
          >
            <p>{outcomeText(outcome)}</p>
          </div>
        )}
      </div>

      <h2>{t('workflow.graph')}</h2>
      {dependsOn.data && (
        <WorkflowGraph steps={wf.steps} dependsOn={dependsOn.data.dependsOn} selected={openStep} />
      )}

      <h2 id="steps-heading">{t('workflow.steps')}</h2>
      <ol className="steps" aria-labelledby="steps-heading">
        {wf.steps.map((step) => {
          const name = bi(step.name);
          const options = step.status === 'active' ? (signOptions.get(step.key) ?? []) : [];
          const deps = dependsOn.data?.dependsOn.get(step.key) ?? [];
          const selected = openStep === step.key;
          const effect = rejectEffect(step, dependsOn.data?.steps.get(step.key), wf.steps);
          return (
            <li
              key={step.key}
              id={`step-${step.key}`}
              className={`step step--${step.status}${selected ? ' step--selected' : ''}`}
            >
              <h3>
                {name} <StatusTag status={step.status} />{' '}
                <EscalationTag level={step.escalationLevel} />
              </h3>
              <dl className="meta">
                {deps.length > 0 && (
                  <div>
                    <dt>{t('workflow.after')}</dt>
                    <dd>
                      {deps.map((d) => bi(wf.steps.find((s) => s.key === d)?.name) || d).join(', ')}
                    </dd>
                  </div>
                )}
                {step.activatedAt && (
                  <div>
                    <dt>{t('workflow.activated')}</dt>
                    <dd>
                      <DateTime value={step.activatedAt} />
                    </dd>
                  </div>
                )}
                {(step.status === 'active' || step.dueAt) && (
                  <div>
                    <dt>{t('tasks.due')}</dt>
                    <dd>
                      {step.status === 'active' ? (
                        <Due value={step.dueAt} owner={owner(step)} />
                      ) : (
                        <DateTime value={step.dueAt} />
                      )}
                    </dd>
                  </div>
                )}
                {step.round > 1 && (
                  <div>
                    <dt>{t('workflow.round')}</dt>
                    <dd>{step.round}</dd>
                  </div>
                )}
              </dl>
              <ul className="assignees" aria-label={t('workflow.assignees')}>
                {step.assignees.map((a) => {
                  const code = assigneeCode(a);
                  const agency = a.agency ? agencies.data?.get(a.agency) : undefined;
                  return (
                    <li key={code}>
                      <strong>{code}</strong>
                      {a.projectGroup && (
                        <span className="hint"> {t('assignee.projectGroup')}</span>
                      )}
                      {agency && (
                        <span className="hint">
                          {' '}
                          — {bi(agency.name)} ({t(`country.short.${agency.country}`)})
                        </span>
                      )}
                      :{' '}
                      {a.decision ? (
                        <>
                          <span
                            className={`tag tag--${a.decision === 'approve' ? 'approved' : a.decision === 'reject' ? 'rejected' : 'changes_requested'}`}
                          >
                            {t(`assignee.decision.${a.decision}` as MessageId)}
                          </span>{' '}
                          {a.decidedBy === user.id && <span>{t('assignee.decidedByYou')} </span>}
                          {a.decidedAt && <DateTime value={a.decidedAt} />}
                          {a.comment && <blockquote className="comment">{a.comment}</blockquote>}
                        </>
                      ) : step.status === 'active' ? (
                        <span>{t('assignee.waiting')}</span>
                      ) : (
                        <span className="hint">{t('assignee.noDecision')}</span>
                      )}
                      <Staffing assignee={a} />
                      {a.technicalGroup && a.signatures.length > 0 && (
                        <ul>
                          {/* A group's signatures are its co-chair seats' (never `agency`). */}
                          {a.signatures.map(
                            (s) =>
                              s.seat !== 'agency' && (
                                <li key={`${s.seat}${s.decidedAt}`}>
                                  {t('assignee.seatSigned', { seat: t(seatCountry(s.seat)) })}{' '}
                                  {t(`assignee.decision.${s.decision}` as MessageId)} —{' '}
                                  <DateTime value={s.decidedAt} />
                                </li>
                              ),
                          )}
                        </ul>
                      )}
                    </li>
                  );
                })}
              </ul>
              {options.length > 0 && !selected && (
                <p>
                  <button
                    type="button"
                    id={`decide-${step.key}`}
                    className="button"
                    onClick={() => {
                      setOutcome(null);
                      setStep(step.key);
                    }}
                  >
                    {t('workflow.decide', { step: name })}
                  </button>
                </p>
              )}
              {selected && options.length > 0 && (
                <DecisionPanel
                  key={`${step.key}/${step.round}`}
                  workflowId={wf.id}
                  projectId={wf.projectId}
                  step={step}
                  stepName={name}
                  signFor={options}
                  rejectEffect={effect}
                  returnToName={
                    effect.kind === 'returns'
                      ? bi(wf.steps.find((s) => s.key === effect.to)?.name) || effect.to
                      : undefined
                  }
                  onDone={(result) => {
                    if (!result) focusNext.current = `decide-${step.key}`;
                    setStep(undefined);
                    setOutcome(result);
                  }}
                />
              )}
              {user.roles.includes('admin') &&
                wf.status === 'active' &&
                (step.status === 'pending' || step.status === 'active') &&
                (reassigning === step.key ? (
                  <ReassignPanel
                    workflowId={wf.id}
                    step={step}
                    stepName={name}
                    onDone={(result) => {
                      if (!result) focusNext.current = `reassign-open-${step.key}`;
                      setReassigning(null);
                      if (result) setOutcome(result);
                    }}
                  />
                ) : (
                  <p>
                    <button
                      type="button"
                      id={`reassign-open-${step.key}`}
                      className="button button--secondary"
                      onClick={() => {
                        setOutcome(null);
                        setReassigning(step.key);
                      }}
                    >
                      {t('reassign.open', { step: name })}
                    </button>
                  </p>
                ))}
              {step.status === 'changes_requested' && canResubmit && !selected && (
                <p>
                  <button
                    type="button"
                    id={`resubmit-open-${step.key}`}
                    className="button"
                    onClick={() => {
                      setOutcome(null);
                      setStep(step.key);
                    }}
                  >
                    {t('resubmit.open', { step: name })}
                  </button>
                </p>
              )}
              {selected && step.status === 'changes_requested' && canResubmit && (
                <ResubmitPanel
                  workflowId={wf.id}
                  step={step}
                  stepName={name}
                  onDone={(result) => {
                    if (!result) focusNext.current = `resubmit-open-${step.key}`;
                    setStep(undefined);
                    setOutcome(result);
                  }}
                />
              )}
              {selected &&
                options.length === 0 &&
                !(step.status === 'changes_requested' && canResubmit) &&
                !myTasks.isPending && (
                  <p className="alert alert--info">
                    {step.status === 'active' ? t('workflow.cannotSign') : t('workflow.notOpen')}
                  </p>
                )}
              {documents.data && (
                <StepDocuments
                  projectId={wf.projectId}
                  workflowId={wf.id}
                  stepKey={step.key}
                  stepName={name}
                  documents={stepDocuments.get(step.key) ?? []}
                  canUpload={isCoordinator || options.length > 0}
                />
              )}
            </li>
          );
        })}
      </ol>

      <Comments workflowId={wf.id} steps={wf.steps} />

      <History
        workflowId={wf.id}
        page={search.page ?? 1}
        steps={wf.steps}
        documents={documents.data ?? []}
      />
    </section>
  );
}

/** The delegator a delegate signed in place of, as `decision_recorded` records it. */
function delegatorName(data: Record<string, unknown>): string | null {
  const delegator = data.delegator as { name?: unknown } | undefined;
  return delegator && typeof delegator.name === 'string' ? delegator.name : null;
}

function History({
  workflowId,
  page,
  steps,
  documents,
}: {
  workflowId: string;
  page: number;
  steps: Step[];
  documents: DocumentView[];
}) {
  const t = useT();
  const bi = useBi();
  const user = useUser();
  const events = useQuery({
    queryKey: ['workflow-events', workflowId, page],
    queryFn: () =>
      call(
        api.GET('/api/v1/workflows/{id}/events', {
          params: {
            path: { id: workflowId },
            query: { limit: EVENTS_PAGE, offset: (page - 1) * EVENTS_PAGE },
          },
        }),
      ),
  });
  const verify = useQuery({
    queryKey: ['workflow-events', workflowId, 'verify'],
    queryFn: () =>
      call(
        api.GET('/api/v1/workflows/{id}/events/verify', { params: { path: { id: workflowId } } }),
      ),
  });
  const stepName = (key: unknown) =>
    typeof key === 'string' ? bi(steps.find((s) => s.key === key)?.name) || key : '';
  /** Who signed, a co-chair's seat named: `SON-AZ (co-chair MX)`. */
  const historyAssignee = (data: Record<string, unknown>) => {
    if (typeof data.assignee !== 'string') return '';
    const who = data.assignee.replace(/^(agency|group):/, '');
    return data.seat === 'mx' || data.seat === 'us'
      ? t('tasks.seat', { group: who, seat: t(seatCountry(data.seat)) })
      : who;
  };
  const knownTypes = new Set([
    'workflow_started',
    'step_activated',
    'step_skipped',
    'decision_recorded',
    'step_approved',
    'step_rejected',
    'changes_requested',
    'step_resubmitted',
    'reminder_sent',
    'escalated',
    'workflow_approved',
    'workflow_rejected',
    'workflow_cancelled',
    'step_cancelled',
    'workflow_returned',
    'document_attached',
    'assignee_reassigned',
    'comment_added',
  ]);
  const titles = new Map(documents.map((d) => [d.id, d.title]));
  /**
   * Who did a person's act, in words after its message: "by you" for the reader, else their
   * name and agency ("Ana Ruiz (SICT)"), then, for a delegate, whose place they signed in.
   * Null for an event that is not a person's act and names no delegator.
   */
  const actedBy = (e: HistoryEvent, data: Record<string, unknown>): string | null => {
    let who: string | null = null;
    if (OWN_ACTS.has(e.type)) {
      if (e.actorId !== null && e.actorId === user.id) who = t('assignee.byYou');
      else if (e.actor)
        who = e.actor.agencyCode
          ? t('history.actor', { name: e.actor.name, agency: e.actor.agencyCode })
          : e.actor.name;
    }
    const delegator = delegatorName(data);
    const inPlaceOf = delegator ? t('history.inPlaceOf', { name: delegator }) : null;
    return who && inPlaceOf ? `${who}, ${inPlaceOf}` : (who ?? inPlaceOf);
  };
  return (
    <>
      <h2>{t('history.title')}</h2>
      {verify.data && (
        <div
          className={`alert ${verify.data.valid ? 'alert--success' : 'alert--error'}`}
          role="status"
        >
          <p>
            {verify.data.valid
              ? t('history.valid', { count: verify.data.checked })
              : verify.data.firstBrokenSeq === null && verify.data.signature === 'valid'
                ? t('history.replayDiffers')
                : t('history.broken', { seq: verify.data.firstBrokenSeq ?? 0 })}
          </p>
        </div>
      )}
      {events.isPending && <Loading />}
      <ErrorAlert error={events.error} />
      {events.data && (
        <>
          <ol className="history">
            {events.data.items.map((e) => {
              const data = e.data as Record<string, unknown>;
              const type = knownTypes.has(e.type) ? e.type : 'other';
              const by = actedBy(e, data);
              return (
                <li key={e.seq}>
                  <strong>
                    {t(`history.event.${type}` as MessageId, {
                      step: stepName(data.stepKey),
                      decision:
                        typeof data.decision === 'string'
                          ? t(`assignee.decision.${data.decision}` as MessageId)
                          : '',
                      assignee: historyAssignee(data),
                      returnTo: stepName(data.returnTo),
                      title: typeof data.title === 'string' ? data.title : '',
                      version: typeof data.version === 'number' ? data.version : '',
                      from:
                        typeof data.from === 'string'
                          ? data.from.replace(/^(agency|group):/, '')
                          : '',
                      to:
                        typeof data.to === 'string' ? data.to.replace(/^(agency|group):/, '') : '',
                    })}
                  </strong>
                  {by && <> — {by}</>}
                  <br />
                  <span className="hint">
                    #{e.seq} · <DateTime value={e.at} />
                  </span>
                  {[data.comment, data.reason, data.body].map(
                    (text, i) =>
                      typeof text === 'string' &&
                      text && (
                        <blockquote key={i} className="comment">
                          {text}
                        </blockquote>
                      ),
                  )}
                  {typeof data.legalBasis === 'string' && (
                    <p className="hint">{t('history.legalBasis', { basis: data.legalBasis })}</p>
                  )}
                  {e.type === 'document_attached' && typeof data.sha256 === 'string' && (
                    <p className="cited">
                      {t('documents.sha256')}: <code className="mono">{data.sha256}</code>
                    </p>
                  )}
                  {Array.isArray(data.documents) && data.documents.length > 0 && (
                    <>
                      <p className="cited">{t('history.cited')}</p>
                      <ul className="cited">
                        {(
                          data.documents as {
                            documentId: string;
                            version: number;
                            sha256: string;
                          }[]
                        ).map((d) => (
                          <li key={d.documentId}>
                            {titles.has(d.documentId)
                              ? t('history.document', {
                                  title: titles.get(d.documentId)!,
                                  version: d.version,
                                })
                              : t('history.documentUnknown', { version: d.version })}
                            {' — '}
                            {t('documents.sha256')}: <code className="mono">{d.sha256}</code>
                          </li>
                        ))}
                      </ul>
                    </>
                  )}
                </li>
              );
            })}
          </ol>
          <Pagination
            page={page}
            total={events.data.total}
            pageSize={EVENTS_PAGE}
            makeSearch={(p) => ({ page: p > 1 ? p : undefined })}
          />
        </>
      )}
    </>
  );
}
