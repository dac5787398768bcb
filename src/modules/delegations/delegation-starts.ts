import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NewSignersListeners } from '@app/common/signers/new-signers';
import { slotOf } from '@app/modules/approvals/signing';
import { DeadlineTimers } from '@app/modules/deadlines/deadline-timers.service';
import {
  type DueTimer,
  type FireOutcome,
  HandlesTimers,
  type TimerHandler,
} from '@app/modules/deadlines/timer-handler';
import { DelegationsService } from './delegations.service';

/**
 * The `start` timer of a delegation made ahead of its window. Signing needs no timer (a
 * delegation's status follows the clock, see `DelegationsService.activeFor`); this one tells
 * the delegate, when the window opens, of the steps already waiting on the delegator's agency
 * or seat — as `POST /delegations` does at once for a delegation that starts now. A delegation
 * revoked before its start has its timer cancelled; one found revoked or over when it fires is
 * dropped.
 */
@HandlesTimers('delegation')
@Injectable()
export class DelegationStarts implements TimerHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly delegations: DelegationsService,
    private readonly timers: DeadlineTimers,
    private readonly newSigners: NewSignersListeners,
  ) {}

  async fire(timer: DueTimer, now: Date): Promise<FireOutcome> {
    if (timer.subject.kind !== 'delegation') throw new Error(`not a delegation timer: ${timer.id}`);
    const delegationId = timer.subject.delegationId;
    return this.dataSource.transaction(async (manager) => {
      const [row] = (await manager.query(
        'SELECT delegate_id, ends_at FROM delegations WHERE id = $1 FOR UPDATE',
        [delegationId],
      )) as { delegate_id: string; ends_at: Date }[];
      const lent = row
        ? (await this.delegations.activeFor(manager, row.delegate_id, now)).find(
            (d) => d.delegation.id === delegationId,
          )
        : undefined;
      if (!row || !lent) {
        await this.timers.settle(manager, { fired: [], cancelled: [timer.id] }, now);
        return { outcome: 'skipped', reason: 'the delegation is not active', queued: [] };
      }
      const queued = await this.newSigners.delegated(
        manager,
        row.delegate_id,
        lent.capacities.map(slotOf),
        lent.delegator.name,
        new Date(row.ends_at),
      );
      await this.timers.settle(manager, { fired: [timer.id], cancelled: [] }, now);
      return { outcome: 'fired', queued };
    });
  }
}
