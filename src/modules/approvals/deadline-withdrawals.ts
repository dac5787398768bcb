import type { CommandResult, Effect } from '@puentes/workflow-engine';
import type { DeadlineWithdrawal } from '@app/modules/notifications/notifications.service';
import type { LoadedWorkflow } from './workflow-store';

/**
 * The calendar events of the deadlines that no longer apply once these steps finished
 * (decided, ended with their workflow, or closed for a new round): one per finished step round
 * that had a deadline, under the UID its assignment and reminders used (`<stepId>-<round>`).
 * Withdrawn with `NotificationsService.withdrawDeadlines`, which finds who received them. Pure.
 */
export function deadlineWithdrawals(
  loaded: LoadedWorkflow,
  result: CommandResult,
  finished: Extract<Effect, { type: 'step_finished' }>[],
): DeadlineWithdrawal[] {
  return finished.flatMap((effect) => {
    const index = loaded.definition.steps.findIndex((s) => s.key === effect.stepKey);
    if (index < 0) return [];
    // The round that finished: as it was before the command (a new round may have replaced it).
    const round = [loaded.state.steps[index], result.state.steps[index]].find(
      (s) => s?.round === effect.round && s.dueAt,
    );
    if (!round?.dueAt) return [];
    return [
      {
        uid: `${loaded.steps[index].id}-${effect.round}`,
        context: {
          workflowId: loaded.workflow.id,
          stepKey: effect.stepKey,
          project: loaded.context.project,
          step: loaded.definition.steps[index].name,
          dueAt: new Date(round.dueAt),
        },
      },
    ];
  });
}
