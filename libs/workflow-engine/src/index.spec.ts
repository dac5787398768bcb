import * as engine from '@puentes/workflow-engine';
import type { ChainDefinition, CommandResult, WorkflowEvent } from '@puentes/workflow-engine';
import { BORDER_CROSSING_PERMIT } from '../test/fixtures/border-crossing-permit';

describe('@puentes/workflow-engine', () => {
  it('exports its public face from one index', () => {
    expect(Object.keys(engine).sort()).toEqual(
      [
        'CHAIN_PROBLEM_CODES',
        'DEFAULT_CALENDARS',
        'ESCALATION_TARGETS',
        'MAX_BUSINESS_DAYS',
        'PROJECT_GROUP_ID',
        'WorkflowEngineError',
        'WorkflowEngineErrorCode',
        'STEP_KEY_MAX_LENGTH',
        'STEP_KEY_PATTERN',
        'StepSchema',
        'isStepKey',
        'parseSlotId',
        'slotId',
        'applyEvent',
        'attach',
        'authoringProblems',
        'assigneeId',
        'assigneeOutcome',
        'cancel',
        'comment',
        'decide',
        'escalate',
        'matchesCondition',
        'openSeats',
        'parseAssigneeId',
        'projectGroupAssignees',
        'reassign',
        'remind',
        'resolveProjectGroup',
        'replay',
        'resubmit',
        'seatsOf',
        'start',
        'stepOutcome',
        'validateChain',
        'withReassignments',
      ].sort(),
    );
  });

  it('runs a workflow through the alias the app uses', () => {
    const chain: ChainDefinition = BORDER_CROSSING_PERMIT;
    const started: CommandResult = engine.start(chain, { actorId: 'u' }, new Date(0));
    const history: WorkflowEvent[] = started.events;
    expect(engine.replay(chain, history)).toEqual(started.state);
  });
});
