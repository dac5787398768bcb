import fc from 'fast-check';
import { attributesArbitrary, chainArbitrary } from '../test/arbitraries';
import { applyEvent, replay } from './apply-event';
import { projectGroupAssignees, resolveProjectGroup } from './chain-definition';
import type { ChainDefinition, Seat } from './chain-definition';
import {
  attach,
  cancel,
  comment,
  decide,
  escalate,
  openSeats,
  reassign,
  remind,
  resubmit,
  start,
  withReassignments,
} from './commands';
import { assigneeId, seatsOf } from './chain-definition';
import type { CommandResult, EngineOptions } from './commands';
import type { Effect } from './effects';
import { WorkflowEngineError } from './errors';
import { matchesCondition } from './step-outcome';
import { validateChain } from './validate-chain';
import type { DocumentVersionRef, WorkflowEvent } from './workflow-events';
import type { DecisionKind, WorkflowState } from './workflow-state';

const T0 = Date.parse('2026-03-02T15:00:00.000Z');
const options: EngineOptions = {
  dueAt: (_step, activatedAt) => new Date(activatedAt.getTime() + 86_400_000),
};

/** Enough for the noisy commands plus every seat of every round that can follow them. */
const BUDGET = 400;
/**
 * Rejections and requests for changes (each up to 10%, as returnTo loops need them) fade out
 * over this many commands; after it the driver only approves and resubmits, so every run ends.
 */
const CALM_AFTER = 60;

type Move =
  | { kind: 'decide'; stepKey: string; assignee: string; seat: Seat }
  | { kind: 'resubmit'; stepKey: string };

/** A reminder or escalation of a step's round, as the deadline machinery fires it. */
interface TimerMove {
  kind: 'remind' | 'escalate';
  stepKey: string;
  round: number;
  ordinal: number;
}

/** Every reminder and escalation of every round that is open in `state`. */
function timerMoves(definition: ChainDefinition, state: WorkflowState): TimerMove[] {
  return definition.steps.flatMap((step, index) => {
    const current = state.steps[index];
    if (current.status !== 'active') return [];
    const of = (kind: TimerMove['kind'], count = 0) =>
      Array.from({ length: count }, (_, ordinal) => ({
        kind,
        stepKey: step.key,
        round: current.round,
        ordinal,
      }));
    return [...of('remind', step.reminders?.length), ...of('escalate', step.escalations?.length)];
  });
}

/** A stored document version, as the app would cite or attach it. */
const documentArbitrary: fc.Arbitrary<DocumentVersionRef> = fc.record({
  documentId: fc.uuid(),
  version: fc.integer({ min: 1, max: 9 }),
  sha256: fc.stringMatching(/^[0-9a-f]{64}$/),
});

/** Attaches a random document version to a random step (whatever the workflow's status). */
function attachSome(
  definition: ChainDefinition,
  state: WorkflowState,
  g: fc.GeneratorValue,
  now: Date,
): CommandResult {
  const step = definition.steps[g(fc.nat, { max: definition.steps.length - 1 })];
  const document = g(() => documentArbitrary);
  const result = attach(
    definition,
    state,
    { stepKey: step.key, ...document, title: 'Annex', kind: 'other', actorId: 'uploader' },
    now,
  );
  // A record only: one event, no effect, the same state.
  expect(result.events.map((event) => event.type)).toEqual(['document_attached']);
  expect(result.effects).toEqual([]);
  expect(result.state).toEqual(state);
  return result;
}

const fireTimer = (definition: ChainDefinition, state: WorkflowState, move: TimerMove, now: Date) =>
  (move.kind === 'remind' ? remind : escalate)(definition, state, move, now);

/** The code of the refusal, or null when the command was accepted. */
function refusal(command: () => unknown): string | null {
  try {
    command();
    return null;
  } catch (error) {
    return error instanceof WorkflowEngineError ? error.code : 'unexpected';
  }
}

const settled = (state: WorkflowState, key: string): boolean => {
  const step = state.steps.find((candidate) => candidate.key === key);
  return step?.status === 'approved' || step?.status === 'skipped';
};

/** Every step that depends on `key`, directly or not (worked out apart from the engine's own). */
function downstream(definition: ChainDefinition, key: string): string[] {
  const found: string[] = [];
  let frontier = [key];
  while (frontier.length > 0) {
    frontier = definition.steps
      .filter((step) => !found.includes(step.key))
      .filter((step) => (step.dependsOn ?? []).some((dependency) => frontier.includes(dependency)))
      .map((step) => step.key);
    found.push(...frontier);
  }
  return found;
}

/**
 * Checks that hold after every event, whatever the chain and the decisions; `complete` adds
 * those that hold only once a command has emitted all its events.
 */
function checkState(definition: ChainDefinition, state: WorkflowState, complete: boolean): void {
  const allSettled = definition.steps.every((step) => settled(state, step.key));
  if (state.status === 'approved') expect(allSettled).toBe(true);
  if (state.status === 'active') {
    // A command that settles the last step also completes the workflow.
    if (complete) expect(allSettled).toBe(false);
    expect(state.completedAt).toBeNull();
  } else {
    expect(state.completedAt).not.toBeNull();
    const unfinished = state.steps.filter((step) =>
      ['pending', 'active', 'changes_requested'].includes(step.status),
    );
    expect(unfinished).toEqual([]);
  }
  definition.steps.forEach((step, index) => {
    const current = state.steps[index];
    expect(current.key).toBe(step.key);
    if (current.status === 'active' || current.status === 'changes_requested') {
      for (const dependency of step.dependsOn ?? []) expect(settled(state, dependency)).toBe(true);
      if (step.condition) expect(matchesCondition(step.condition, state.attributes)).toBe(true);
    }
    if (current.status === 'skipped') {
      expect(step.condition && !matchesCondition(step.condition, state.attributes)).toBe(true);
    }
    const seats = current.decisions.map((decision) => `${decision.assignee}/${decision.seat}`);
    expect(new Set(seats).size).toBe(seats.length);
  });
}

/** Folds a command's events one by one, checking each activation against the state before it. */
function checkResult(
  definition: ChainDefinition,
  before: WorkflowState | null,
  result: CommandResult,
): void {
  let state = before;
  for (const event of result.events) {
    if (event.type === 'step_activated') {
      const step = definition.steps.find((candidate) => candidate.key === event.data.stepKey)!;
      for (const dependency of step.dependsOn ?? []) expect(settled(state!, dependency)).toBe(true);
    }
    const previous = state;
    state = applyEvent(definition, state, event);
    checkState(definition, state, false);
    if (event.type === 'workflow_returned') {
      // Exactly the target and what depends on it run again; nothing else moves.
      const { returnTo, resetSteps } = event.data;
      expect(new Set(resetSteps)).toEqual(new Set([returnTo, ...downstream(definition, returnTo)]));
      state.steps.forEach((step, index) => {
        if (resetSteps.includes(step.key)) expect(step.status).toBe('pending');
        else expect(step).toBe(previous!.steps[index]);
      });
    }
  }
  expect(state).toEqual(result.state);
  checkState(definition, result.state, true);
  for (const event of result.events) {
    if (event.type !== 'workflow_returned' || result.state.status !== 'active') continue;
    const target = result.state.steps.find((step) => step.key === event.data.returnTo)!;
    expect(['active', 'skipped']).toContain(target.status);
  }
}

function checkHistory(
  definition: ChainDefinition,
  history: WorkflowEvent[],
  effects: Effect[],
  final: WorkflowState,
): void {
  expect(replay(definition, JSON.parse(JSON.stringify(history)) as WorkflowEvent[])).toEqual(final);

  const signatures = history
    .filter((event) => event.type === 'decision_recorded')
    .map(({ data }) => `${data.stepKey}#${data.round}/${data.assignee}/${data.seat}`);
  expect(new Set(signatures).size).toBe(signatures.length);

  // Rounds count up one at a time, and every round that started has had its timers cancelled.
  const rounds = new Map<string, number>();
  for (const event of history) {
    if (event.type !== 'step_activated') continue;
    expect(event.data.round).toBe((rounds.get(event.data.stepKey) ?? 0) + 1);
    rounds.set(event.data.stepKey, event.data.round);
  }
  const opened = effects
    .filter((effect) => effect.type === 'step_activated')
    .map((effect) => `${effect.stepKey}#${effect.round}`);
  const closed = new Set(
    effects
      .filter((effect) => effect.type === 'step_finished')
      .map((effect) => `${effect.stepKey}#${effect.round}`),
  );
  expect(opened.filter((round) => !closed.has(round))).toEqual([]);
  expect([...closed].filter((round) => !opened.includes(round))).toEqual([]);

  // Reminders and escalations fall only in open rounds, and each escalation raises the level of
  // its round by one, from zero.
  const levels = new Map<string, number>();
  const open = new Map<string, number>();
  for (const event of history) {
    if (event.type === 'step_activated') {
      open.set(event.data.stepKey, event.data.round);
      levels.set(event.data.stepKey, 0);
    }
    if (event.type === 'reminder_sent' || event.type === 'escalated') {
      expect(open.get(event.data.stepKey)).toBe(event.data.round);
    }
    if (event.type === 'escalated') {
      const level = (levels.get(event.data.stepKey) ?? 0) + 1;
      expect(event.data.escalationLevel).toBe(level);
      levels.set(event.data.stepKey, level);
    }
  }
}

describe('the engine, on random chains and random decisions', () => {
  it('generates only valid chains', () => {
    fc.assert(
      fc.property(chainArbitrary, (chain) => expect(validateChain(chain)).toEqual([])),
      {
        numRuns: 300,
      },
    );
  });

  it('keeps every invariant and always ends within the budget', () => {
    fc.assert(
      fc.property(chainArbitrary, attributesArbitrary, fc.gen(), (chain, attributes, g) => {
        let now = T0;
        const at = () => new Date(now);
        // `{ projectGroup: true }` signs as the project's group: BC-CA, on no other step.
        let result = start(
          chain,
          { attributes, projectGroup: 'BC-CA', actorId: 'coordinator' },
          at(),
          options,
        );
        const definition = resolveProjectGroup(chain, 'BC-CA');
        const named = projectGroupAssignees(chain).length > 0;
        expect(result.state.projectGroup).toBe(named ? 'BC-CA' : undefined);
        expect(JSON.stringify(definition)).not.toContain('projectGroup');
        checkResult(definition, null, result);
        const history = [...result.events];
        const effects = [...result.effects];
        let commands = 0;
        /** Timers of rounds that were open once; firing one after its round ends is refused. */
        const seenTimers: TimerMove[] = [];

        while (result.state.status === 'active' && commands < BUDGET) {
          const state = result.state;
          const moves: Move[] = state.steps.flatMap((step): Move[] =>
            step.status === 'changes_requested'
              ? [{ kind: 'resubmit', stepKey: step.key }]
              : openSeats(definition, state, step.key).map((seat) => ({
                  kind: 'decide',
                  stepKey: step.key,
                  ...seat,
                })),
          );
          // An active workflow always has something to do.
          expect(moves.length).toBeGreaterThan(0);

          now += 60_000;
          const noise = Math.max(0, 10 * (1 - commands / CALM_AFTER));
          const timers = timerMoves(definition, state);
          seenTimers.push(...timers);
          if (noise > 0 && timers.length > 0 && g(fc.integer, { min: 0, max: 3 }) === 0) {
            // A reminder or escalation falls due, perhaps a second time (a repeated job).
            const move = timers[g(fc.nat, { max: timers.length - 1 })];
            result = fireTimer(definition, state, move, at());
            const step = result.state.steps.find((candidate) => candidate.key === move.stepKey)!;
            const before = state.steps.find((candidate) => candidate.key === move.stepKey)!;
            expect(step.escalationLevel).toBe(
              before.escalationLevel + (move.kind === 'escalate' ? 1 : 0),
            );
            expect(result.effects).toEqual([
              expect.objectContaining({
                type: 'notify',
                notification: move.kind === 'remind' ? 'reminder' : 'escalation',
              }),
            ]);
          } else if (noise > 0 && g(fc.integer, { min: 0, max: 9 }) === 0) {
            result = attachSome(definition, state, g, at());
          } else if (noise > 0 && g(fc.integer, { min: 0, max: 199 }) === 0) {
            result = cancel(
              definition,
              state,
              { comment: 'Withdrawn', actorId: 'coordinator' },
              at(),
            );
          } else {
            const move = moves[g(fc.nat, { max: moves.length - 1 })];
            if (move.kind === 'resubmit') {
              result = resubmit(
                definition,
                state,
                { stepKey: move.stepKey, actorId: 'c' },
                at(),
                options,
              );
            } else {
              const roll = noise > 0 ? g(fc.integer, { min: 0, max: 99 }) : 99;
              const decision: DecisionKind =
                roll < noise ? 'reject' : roll < 2 * noise ? 'request_changes' : 'approve';
              const documents = g(() => fc.array(documentArbitrary, { maxLength: 2 }));
              const command = {
                ...move,
                decision,
                comment: 'Because',
                documents,
                actorId: 'approver',
              };
              result = decide(definition, state, command, at(), options);
              const recorded = result.events[0];
              expect(recorded.type).toBe('decision_recorded');
              // Citations are recorded as given, and a decision citing nothing has no field.
              if (documents.length > 0)
                expect(recorded.data).toHaveProperty('documents', documents);
              else expect(recorded.data).not.toHaveProperty('documents');
              // The same seat can never sign twice in a round (a returnTo may open a new one).
              const roundOf = (of: WorkflowState) =>
                of.steps.find((step) => step.key === move.stepKey)!.round;
              const again = (() => {
                try {
                  decide(definition, result.state, command, at(), options);
                  return null;
                } catch (error) {
                  return error instanceof WorkflowEngineError ? error.code : 'unexpected';
                }
              })();
              if (roundOf(result.state) === roundOf(state)) {
                expect(['ALREADY_DECIDED', 'STEP_NOT_ACTIVE', 'WORKFLOW_NOT_ACTIVE']).toContain(
                  again,
                );
              }
            }
          }
          checkResult(definition, state, result);
          history.push(...result.events);
          effects.push(...result.effects);
          commands += 1;
          // A timer whose round is over is refused, whatever ended it.
          const open = new Set(
            timerMoves(definition, result.state).map((t) => `${t.stepKey}#${t.round}`),
          );
          for (const stale of seenTimers.filter((t) => !open.has(`${t.stepKey}#${t.round}`))) {
            expect(['WORKFLOW_NOT_ACTIVE', 'STEP_NOT_ACTIVE', 'ROUND_OVER']).toContain(
              refusal(() => fireTimer(definition, result.state, stale, at())),
            );
          }
        }

        expect(result.state.status).not.toBe('active');
        // A document may still be attached once the workflow has ended.
        const late = attachSome(definition, result.state, g, at());
        history.push(...late.events);
        checkHistory(definition, history, effects, result.state);
      }),
      { numRuns: 400 },
    );
  });

  it('completes a reassigned or delegated step only by its rule, and replays to the same state', () => {
    fc.assert(
      fc.property(chainArbitrary, attributesArbitrary, fc.gen(), (chain, attributes, g) => {
        // As the workflow store loads a running workflow: its project's group resolved.
        const definition = resolveProjectGroup(chain, 'BC-CA');
        let now = T0;
        const at = () => new Date(now);
        let result = start(definition, { attributes, actorId: 'coordinator' }, at(), options);
        const history = [...result.events];
        let fresh = 0;
        for (let commands = 0; result.state.status === 'active' && commands < BUDGET; commands++) {
          const state = result.state;
          now += 60_000;
          const roll = g(fc.integer, { min: 0, max: 99 });
          const open = state.steps.filter((s) => s.status === 'pending' || s.status === 'active');
          const early = commands < CALM_AFTER;
          if (early && roll < 15 && open.length > 0) {
            // An admin moves an assignee that has not signed to an agency the chain never named.
            const step = open[g(fc.nat, { max: open.length - 1 })];
            const ids = withReassignments(definition, state)
              .steps.find((s) => s.key === step.key)!
              .assignees.map(assigneeId)
              .filter((id) => !step.decisions.some((d) => d.assignee === id));
            if (ids.length === 0) continue;
            const from = ids[g(fc.nat, { max: ids.length - 1 })];
            result = reassign(
              definition,
              state,
              {
                stepKey: step.key,
                from,
                to: `agency:R${fresh++}`,
                reason: 'Jurisdiction',
                actorId: 'admin',
              },
              at(),
            );
            const after = result.state.steps.find((s) => s.key === step.key)!;
            expect(after.assignees).toContain(`agency:R${fresh - 1}`);
            expect(after.assignees).not.toContain(from);
          } else if (early && roll < 25) {
            const keys = [null, ...definition.steps.map((s) => s.key)];
            result = comment(
              definition,
              state,
              { stepKey: keys[g(fc.nat, { max: keys.length - 1 })], body: 'Note', actorId: 'x' },
              at(),
            );
            // A comment changes nothing.
            expect(result.state).toEqual(state);
          } else {
            const changes = state.steps.find((s) => s.status === 'changes_requested');
            const seats = state.steps.flatMap((s) =>
              openSeats(definition, state, s.key).map((seat) => ({ stepKey: s.key, ...seat })),
            );
            if (changes && (seats.length === 0 || roll % 2 === 0)) {
              result = resubmit(
                definition,
                state,
                { stepKey: changes.key, actorId: 'c' },
                at(),
                options,
              );
            } else {
              expect(seats.length).toBeGreaterThan(0);
              const seat = seats[g(fc.nat, { max: seats.length - 1 })];
              const decision: DecisionKind =
                early && roll > 95 ? 'reject' : early && roll > 92 ? 'request_changes' : 'approve';
              const delegated = roll % 2 === 1;
              result = decide(
                definition,
                state,
                {
                  ...seat,
                  decision,
                  comment: 'Because',
                  actorId: delegated ? 'suplente' : 'titular',
                  ...(delegated
                    ? {
                        inPlaceOf: {
                          delegationId: 'd1',
                          delegator: { userId: 'titular', name: 'Titular' },
                          legalBasis: 'Art. 45',
                        },
                      }
                    : {}),
                },
                at(),
                options,
              );
              const recorded = result.events[0];
              expect(recorded.type).toBe('decision_recorded');
              if (recorded.type === 'decision_recorded') {
                expect(recorded.data.delegationId).toBe(delegated ? 'd1' : undefined);
              }
            }
          }
          // Every step that becomes approved meets its rule over the assignees it has now.
          let folded: WorkflowState = state;
          for (const event of result.events) {
            if (event.type === 'step_approved') {
              const step = withReassignments(definition, folded).steps.find(
                (s) => s.key === event.data.stepKey,
              )!;
              const decisions = folded.steps.find((s) => s.key === step.key)!.decisions;
              const ids = step.assignees.map(assigneeId);
              for (const d of decisions) expect(ids).toContain(d.assignee);
              const approved = step.assignees.filter((a) =>
                seatsOf(a).every((seatName) =>
                  decisions.some(
                    (d) =>
                      d.assignee === assigneeId(a) &&
                      d.seat === seatName &&
                      d.decision === 'approve',
                  ),
                ),
              ).length;
              const rule = step.rule ?? 'all';
              const needed =
                rule === 'all' ? step.assignees.length : rule === 'any' ? 1 : rule.quorum;
              expect(approved).toBeGreaterThanOrEqual(needed);
            }
            folded = applyEvent(definition, folded, event);
          }
          history.push(...result.events);
          // The stored history (as JSON) replays to the state the commands built.
          expect(
            replay(definition, JSON.parse(JSON.stringify(history)) as WorkflowEvent[]),
          ).toEqual(result.state);
        }
        expect(result.state.status).not.toBe('active');
      }),
      { numRuns: 200 },
    );
  });

  it('reports a cycle through any dependency that is turned around', () => {
    const withEdge = chainArbitrary.filter((chain) => chain.steps.some((step) => step.dependsOn));
    fc.assert(
      fc.property(withEdge, fc.nat(), (chain, seed) => {
        const dependants = chain.steps.filter((step) => step.dependsOn);
        const step = dependants[seed % dependants.length];
        const dependency = step.dependsOn![seed % step.dependsOn!.length];
        const steps = chain.steps.map((candidate) =>
          candidate.key === dependency
            ? { ...candidate, dependsOn: [...(candidate.dependsOn ?? []), step.key] }
            : candidate,
        );
        const cycles = validateChain({ steps }).filter((problem) =>
          problem.message.startsWith('dependency cycle'),
        );
        expect(cycles.length).toBeGreaterThan(0);
        expect(
          cycles.some(
            (problem) =>
              problem.message.includes(`${dependency} → ${step.key}`) ||
              problem.message.includes(`${step.key} → ${dependency}`),
          ),
        ).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
