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
 * it activated — once per person and step round. Their `/tasks` lists those steps already
 * (it reads the open slots), so nothing else changes.
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
    for (const { userId, slots: given } of signers) {
      if (given) slots.set(userId, [...new Set([...(slots.get(userId) ?? []), ...given])]);
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
      const to = [...slots]
        .filter(([, mine]) => mine.some((slot) => step.awaiting.includes(slot)))
        .map(([userId]) => userId);
      if (!workflow || to.length === 0) return [];
      return [
        this.effects.stepNotice(workflow, workflow.state, step.key, {
          kind: 'step_assigned',
          to: { userIds: to },
        }),
      ];
    });
    return this.notifications.notify(manager, batches);
  }
}
