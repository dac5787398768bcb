import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AfterCommitJob } from '@app/common/jobs/after-commit';
import { type NewSigner, NewSignersListeners } from '@app/common/signers/new-signers';
import { NotificationsService } from '@app/modules/notifications/notifications.service';
import { slotsOfUsers } from './staffing';
import { WorkflowEffects } from './workflow-effects';
import { WorkflowStore } from './workflow-store';

/**
 * When people become able to sign (an approver added to or reactivated in an agency, a new
 * co-chair, a delegate whose delegation starts), the active steps already waiting on their
 * agency or seat (or the delegator's) tell them: the step's
 * `step_assigned` notice (in-app and email, with its deadline), as if they had been there when
 * it activated — once per person and step round; a delegate's names whose place they sign in.
 * Their `/tasks` lists those steps already (it reads the open slots), so nothing else changes.
 */
@Injectable()
export class StaffingNotices implements OnModuleInit {
  constructor(
    private readonly listeners: NewSignersListeners,
    private readonly store: WorkflowStore,
    private readonly effects: WorkflowEffects,
    private readonly notifications: NotificationsService,
  ) {}

  onModuleInit(): void {
    this.listeners.listen((manager, signers) => this.waitingStepsFor(manager, signers));
  }

  /**
   * In the caller's transaction: the `step_assigned` notices of every active step with an
   * open slot one of `signers` can sign in now (their own slots, or those given). Returns the
   * email jobs to queue after commit.
   */
  async waitingStepsFor(manager: EntityManager, signers: NewSigner[]): Promise<AfterCommitJob[]> {
    const slots = await slotsOfUsers(
      manager,
      signers.filter((s) => !s.slots).map((s) => s.userId),
    );
    // The slots each delegate holds only in someone's place, and whose.
    const lent = new Map<string, { slots: string[]; inPlaceOf: string; until?: Date }>();
    for (const { userId, slots: given, inPlaceOf, until } of signers) {
      if (given) slots.set(userId, [...new Set([...(slots.get(userId) ?? []), ...given])]);
      if (given && inPlaceOf) lent.set(userId, { slots: given, inPlaceOf, until });
    }
    const all = [...new Set([...slots.values()].flat())];
    if (all.length === 0) return [];
    const steps = (await manager.query(
      `SELECT workflow_id, key, awaiting FROM workflow_steps
        WHERE status = 'active' AND awaiting && $1::text[]`,
      [all],
    )) as { workflow_id: string; key: string; awaiting: string[] }[];
    if (steps.length === 0) return [];
    const loaded = await this.store.loadLocked(manager, [
      ...new Set(steps.map((s) => s.workflow_id)),
    ]);
    const byId = new Map(loaded.map((l) => [l.workflow.id, l]));
    const batches = steps.flatMap((step) => {
      const workflow = byId.get(step.workflow_id);
      if (!workflow) return [];
      // Those who sign it in a seat of their own, and, by delegator and delegation end, those
      // who sign it only in a delegator's place (their notice says whose, and until when).
      const own: string[] = [];
      const inPlaceOf = new Map<string, { delegator: string; until?: Date; userIds: string[] }>();
      for (const [userId, mine] of slots) {
        const open = mine.filter((slot) => step.awaiting.includes(slot));
        if (open.length === 0) continue;
        const through = lent.get(userId);
        if (through && open.every((slot) => through.slots.includes(slot))) {
          const key = JSON.stringify([through.inPlaceOf, through.until?.getTime()]);
          const group = inPlaceOf.get(key) ?? {
            delegator: through.inPlaceOf,
            until: through.until,
            userIds: [],
          };
          group.userIds.push(userId);
          inPlaceOf.set(key, group);
        } else own.push(userId);
      }
      return [
        ...(own.length > 0
          ? [
              this.effects.stepNotice(workflow, workflow.state, step.key, {
                kind: 'step_assigned' as const,
                to: { userIds: own },
              }),
            ]
          : []),
        ...[...inPlaceOf.values()].map(({ delegator, until, userIds }) =>
          this.effects.stepNotice(workflow, workflow.state, step.key, {
            kind: 'step_assigned',
            to: { userIds },
            inPlaceOf: delegator,
            until,
          }),
        ),
      ];
    });
    return this.notifications.notify(manager, batches);
  }
}
