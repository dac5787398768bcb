import type { CommandResult, Effect } from '@puentes/workflow-engine';
import type { NotificationBatch } from '@app/modules/notifications/notifications.service';
import type { LoadedWorkflow } from './workflow-store';

/**
 * The withdrawals of the calendar events of deadlines that no longer apply once these steps
 * finished (decided, ended with their workflow, or closed for a new round): one
 * `deadline_withdrawn` batch per finished step round that had a deadline, to whoever received
 * its event under the UID its assignment and reminders used (`<stepId>-<round>@puentes`),
 * carrying the RFC 5546 CANCEL (same UID, SEQUENCE 1 above the invitation's 0); once per UID and
 * person (the dedup key). Nobody received it: no notice. Pure.
 */
export function deadlineWithdrawals(
  loaded: LoadedWorkflow,
  result: CommandResult,
  finished: Extract<Effect, { type: 'step_finished' }>[],
): NotificationBatch[] {
  return finished.flatMap((effect): NotificationBatch[] => {
    const index = loaded.definition.steps.findIndex((s) => s.key === effect.stepKey);
    if (index < 0) return [];
    // The round that finished: as it was before the command (a new round may have replaced it).
    const round = [loaded.state.steps[index], result.state.steps[index]].find(
      (s) => s?.round === effect.round && s.dueAt,
    );
    if (!round?.dueAt) return [];
    const uid = `${loaded.steps[index].id}-${effect.round}`;
    const dueAt = new Date(round.dueAt);
    return [
      {
        kind: 'deadline_withdrawn',
        to: { calendarHolders: [`${uid}@puentes`] },
        event: `deadline_withdrawn/${uid}`,
        // The signer whose decision ended the round knows: their inbox copy is already read.
        readBy: [
          ...new Set(
            result.events.flatMap((e) =>
              e.actorId && e.type === 'decision_recorded' ? [e.actorId] : [],
            ),
          ),
        ],
        context: {
          withdrawal: {
            workflowId: loaded.workflow.id,
            stepKey: effect.stepKey,
            project: loaded.context.project,
            step: loaded.definition.steps[index].name,
            dueAt,
            outcome: effect.status,
          },
        },
        calendar: { uid, start: dueAt, sequence: 1, cancelled: true },
      },
    ];
  });
}
