import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '@app/common/clock/clock';
import {
  type CodedFieldError,
  DomainError,
  notFound,
  throwIfInvalid,
} from '@app/common/errors/domain-error';
import type { ProblemCode } from '@app/common/errors/problem-codes';
import { page } from '@app/common/http/pagination';
import type { AfterCommitJob } from '@app/common/jobs/after-commit';
import { AfterCommitQueue } from '@app/common/jobs/after-commit';
import {
  type Actor,
  ACTOR_FROM,
  ACTOR_SELECT,
  actorOf,
  type ActorRow,
} from '@app/modules/identity/auth/auth-user';
import { type SigningCapacity, signingCapacities, slotOf } from '@app/modules/approvals/signing';
import { NewSignersListeners } from '@app/common/signers/new-signers';
import { DeadlineTimers } from '@app/modules/deadlines/deadline-timers.service';
import type { Role } from '@app/modules/identity/roles';
import { NotificationsService } from '@app/modules/notifications/notifications.service';
import {
  type CreateDelegationDto,
  type DelegateCandidate,
  type DelegationStatus,
  type DelegationView,
  type ListDelegationsQuery,
  MAX_DELEGATION_DAYS,
} from './dto/delegation.dto';
import { Delegation } from './entities/delegation.entity';
import {
  coveredCapacities,
  type DelegationInForceRow,
  delegationsInForce,
  gainedCapacities,
  lentBy,
} from './delegations-in-force';

const DAY_MS = 86_400_000;

/** A delegator as a delegation needs them: what they sign for, and their agency's country. */
interface Person extends Actor {
  active: boolean;
  country: 'MX' | 'US' | null;
}

/**
 * What a delegate may sign now through one active delegation: the delegator's own signing
 * capacities that the delegate may hold (see {@link coveredCapacities}), never what was
 * delegated to the delegator (not transitive).
 */
export interface DelegatedSigning {
  capacities: SigningCapacity[];
  delegation: { id: string; legalBasis: string; reference: string | null };
  delegator: { userId: string; name: string };
}

/** `scheduled`, `active`, `expired` or `revoked` at `now` (the window is [startsAt, endsAt)). */
export function delegationStatus(
  d: Pick<Delegation, 'startsAt' | 'endsAt' | 'revokedAt'>,
  now: Date,
): DelegationStatus {
  if (d.revokedAt && d.revokedAt <= now) return 'revoked';
  if (now < d.startsAt) return 'scheduled';
  return now < d.endsAt ? 'active' : 'expired';
}

/**
 * Delegations (suplencia): who signs in whose place, for a bounded time, on a recorded legal
 * basis. Their status follows the injected clock, so a delegation starts and ends at its
 * instant with no job: the inbox and decisions ask {@link DelegationsService.activeFor} with the
 * same clock, and the notifications' recipients read the same delegations in force
 * (`delegationsInForce`) at that clock's instant, so all three agree at every instant.
 */
@Injectable()
export class DelegationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
    private readonly afterCommit: AfterCommitQueue,
    private readonly clock: Clock,
    private readonly timers: DeadlineTimers,
    private readonly newSigners: NewSignersListeners,
  ) {}

  /**
   * `POST /delegations`. 403 when a non-admin names another delegator; 400 naming each field
   * that is wrong (unknown or inactive people, a delegator with nothing of their own to
   * delegate, a delegate who may not hold it, a window that is reversed, past or too long).
   */
  async create(dto: CreateDelegationDto, caller: Actor): Promise<DelegationView> {
    const delegatorId = dto.delegatorId ?? caller.id;
    if (delegatorId !== caller.id && !caller.roles.includes('admin')) {
      throw new DomainError(
        'forbidden',
        'DELEGATION.NOT_YOURS',
        'Only an admin may name a delegator other than themselves.',
      );
    }
    const now = this.clock.now();
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(dto.endsAt);
    const { view, queued } = await this.dataSource.transaction(async (manager) => {
      const people = await this.people(manager, [delegatorId, dto.delegateId]);
      const delegator = people.get(delegatorId);
      const delegate = people.get(dto.delegateId);
      const problems: CodedFieldError[] = [];
      const field = (name: string, message: string, code: ProblemCode) =>
        problems.push({ field: name, message, code });
      if (!delegator || !delegator.active) {
        field('delegatorId', 'must be an active user', 'DELEGATION.DELEGATOR_INVALID');
      } else if (signingCapacities(delegator).length === 0) {
        field(
          'delegatorId',
          'must be an approver or a co-chair: only one’s own signatures can be delegated, never what was delegated to one',
          'DELEGATION.NOTHING_TO_DELEGATE',
        );
      }
      if (!delegate || !delegate.active) {
        field('delegateId', 'must be an active user', 'DELEGATION.DELEGATE_INVALID');
      } else if (delegate.id === delegatorId) {
        field(
          'delegateId',
          'must be someone other than the delegator',
          'DELEGATION.DELEGATE_INVALID',
        );
      } else if (
        delegator &&
        signingCapacities(delegator).length > 0 &&
        coveredCapacities(delegator, delegate).length === 0
      ) {
        field(
          'delegateId',
          'must belong to the delegator’s agency (or, for a co-chair seat, to an agency of the seat’s country)',
          'DELEGATION.DELEGATE_OTHER_AGENCY',
        );
      }
      if (!(startsAt < endsAt)) {
        field('endsAt', 'must be after startsAt', 'DELEGATION.WINDOW_INVALID');
      } else if (endsAt.getTime() - startsAt.getTime() > MAX_DELEGATION_DAYS * DAY_MS) {
        field(
          'endsAt',
          `must be at most ${MAX_DELEGATION_DAYS} days after startsAt`,
          'DELEGATION.WINDOW_INVALID',
        );
      }
      if (endsAt <= now) field('endsAt', 'must be in the future', 'DELEGATION.WINDOW_INVALID');
      throwIfInvalid(problems);

      const saved = await manager.save(
        manager.create(Delegation, {
          delegatorId,
          delegateId: dto.delegateId,
          agencyId: delegator!.agencyId,
          startsAt,
          endsAt,
          legalBasis: dto.legalBasis.trim(),
          reference: dto.reference?.trim() || null,
          createdBy: caller.id,
          revokedAt: null,
          revokedBy: null,
        }),
      );
      const view = this.viewOf(saved, delegator!, delegate!, now);
      const queued = await this.notify(manager, 'delegation_created', view, caller);
      // The steps already waiting on the delegator tell the delegate when the window opens:
      // now, or at its start (a timer on the deadline machinery).
      if (view.status === 'active') {
        const lent = coveredCapacities(delegator!, delegate!).map(slotOf);
        queued.push(
          ...(await this.newSigners.delegated(
            manager,
            delegate!.id,
            lent,
            delegator!.name,
            endsAt,
          )),
        );
      } else {
        queued.push(
          ...(await this.timers.schedule(manager, [
            {
              subject: { kind: 'delegation', delegationId: saved.id },
              timers: [{ kind: 'start', ordinal: 0, fireAt: startsAt, notify: [] }],
            },
          ])),
        );
      }
      return { view, queued };
    });
    void this.afterCommit.add(queued);
    return view;
  }

  /**
   * `GET /delegations/candidates`: the active people who may be named delegate of `delegatorId`
   * (the caller unless an admin names another; 403 otherwise), by name — what the profile
   * page's form offers. Empty for someone with nothing of their own to delegate.
   */
  async candidates(delegatorId: string | undefined, caller: Actor): Promise<DelegateCandidate[]> {
    const id = delegatorId ?? caller.id;
    if (id !== caller.id && !caller.roles.includes('admin')) {
      throw new DomainError(
        'forbidden',
        'DELEGATION.NOT_YOURS',
        'Only an admin may look for the delegates of someone else.',
      );
    }
    const manager = this.dataSource.manager;
    const delegator = (await this.people(manager, [id])).get(id);
    if (!delegator?.active || signingCapacities(delegator).length === 0) return [];
    const rows = (await manager.query(
      `SELECT u.id, u.name, u.roles, u.agency_id, a.code AS agency_code, a.country::text AS country
         FROM users u JOIN agencies a ON a.id = u.agency_id
        WHERE u.active AND u.id <> $1
        ORDER BY u.name, u.id`,
      [id],
    )) as {
      id: string;
      name: string;
      roles: Role[];
      agency_id: string;
      agency_code: string;
      country: 'MX' | 'US';
    }[];
    // Only those it would let sign something more (a fellow approver gains nothing).
    return rows
      .filter(
        (row) =>
          gainedCapacities(delegator, {
            agencyId: row.agency_id,
            country: row.country,
            roles: row.roles,
          }).length > 0,
      )
      .map((row) => ({ id: row.id, name: row.name, agencyCode: row.agency_code }));
  }

  /** `GET /delegations`: admins see all (or theirs with `mine`); others only their own. */
  async list(query: ListDelegationsQuery, caller: Actor) {
    const now = this.clock.now();
    const mine = query.mine === true || !caller.roles.includes('admin');
    const rows = (await this.dataSource.query(
      `SELECT d.*, count(*) OVER () AS total, dr.name AS delegator_name, de.name AS delegate_name
         FROM delegations d
         JOIN users dr ON dr.id = d.delegator_id
         JOIN users de ON de.id = d.delegate_id
        WHERE (NOT $1 OR d.delegator_id = $2 OR d.delegate_id = $2)
          AND ($3::text IS NULL OR ${STATUS_SQL} = $3)
        ORDER BY d.starts_at DESC, d.id
        LIMIT $5 OFFSET $6`,
      [mine, caller.id, query.status ?? null, now, query.limit, query.offset],
    )) as (DelegationRow & { total: string })[];
    const items = rows.map((row) => this.rowView(row, now));
    return page(items, rows.length > 0 ? Number(rows[0].total) : 0, query);
  }

  /** `GET /delegations/:id`: 404 for someone who is neither a party nor an admin. */
  async get(id: string, caller: Actor): Promise<DelegationView> {
    const row = await this.row(this.dataSource.manager, id, caller, false);
    return this.rowView(row, this.clock.now());
  }

  /**
   * `POST /delegations/:id/revoke` (the delegator or an admin): it stops at once. 403 for the
   * delegate; 409 when it is already revoked or over.
   */
  async revoke(id: string, caller: Actor): Promise<DelegationView> {
    const { view, queued } = await this.dataSource.transaction(async (manager) => {
      const row = await this.row(manager, id, caller, true);
      if (row.delegator_id !== caller.id && !caller.roles.includes('admin')) {
        throw new DomainError(
          'forbidden',
          'DELEGATION.NOT_YOURS',
          'Only the delegator or an admin may revoke a delegation.',
        );
      }
      const now = this.clock.now();
      const status = delegationStatus(dates(row), now);
      if (status === 'revoked' || status === 'expired') {
        throw new DomainError(
          'conflict',
          'DELEGATION.ALREADY_OVER',
          `This delegation is already ${status}.`,
        );
      }
      await manager.update(Delegation, { id }, { revokedAt: now, revokedBy: caller.id });
      await this.timers.cancel(manager, [{ kind: 'delegation', delegationId: id }]);
      const view = this.rowView({ ...row, revoked_at: now }, now);
      const queued = await this.notify(manager, 'delegation_revoked', view, caller);
      return { view, queued };
    });
    void this.afterCommit.add(queued);
    return view;
  }

  /**
   * What `delegateId` may sign now through their active delegations (in the caller's
   * transaction, at `now`): one entry per delegation in force (`delegationsInForce`: started,
   * not ended, not revoked, both people active) whose delegator still holds something the
   * delegate may exercise (`lentBy`), oldest first. Only the delegators' own capacities count: a
   * delegate never passes on what was delegated to them. One query.
   */
  async activeFor(
    manager: EntityManager,
    delegateId: string,
    now: Date,
  ): Promise<DelegatedSigning[]> {
    const rows = (await manager.query(
      `${delegationsInForce('$2', 'd.delegate_id = $1')} ORDER BY d.starts_at, d.id`,
      [delegateId, now],
    )) as DelegationInForceRow[];
    return rows.flatMap((row) => {
      const capacities = lentBy(row);
      if (capacities.length === 0) return [];
      return [
        {
          capacities,
          delegation: {
            id: row.delegation_id,
            legalBasis: row.legal_basis,
            reference: row.reference,
          },
          delegator: { userId: row.id, name: row.name },
        },
      ];
    });
  }

  /**
   * Every capacity `user` may sign in at `now`: their own (`signingCapacities`) first, then
   * those their active delegations lend them, each marked with its delegation (`via`). The one
   * rule of who signs for what, for everyone who asks it whole — comments, a step's documents;
   * `decide` and the inbox read the same two parts ({@link activeFor}) in their own order.
   */
  async capacitiesOf(
    manager: EntityManager,
    user: Actor,
    now: Date,
  ): Promise<(SigningCapacity & { via?: DelegatedSigning })[]> {
    const delegated = await this.activeFor(manager, user.id, now);
    return [
      ...signingCapacities(user),
      ...delegated.flatMap((d) => d.capacities.map((c) => ({ ...c, via: d }))),
    ];
  }

  private async people(manager: EntityManager, ids: string[]): Promise<Map<string, Person>> {
    const rows = (await manager.query(
      `${ACTOR_SELECT}, u.active, a.country::text AS country ${ACTOR_FROM} WHERE u.id = ANY($1::uuid[])`,
      [[...new Set(ids)]],
    )) as (ActorRow & { active: boolean; country: 'MX' | 'US' | null })[];
    return new Map(
      rows.map((row) => [row.id, { ...actorOf(row), active: row.active, country: row.country }]),
    );
  }

  private async row(
    manager: EntityManager,
    id: string,
    caller: Actor,
    lock: boolean,
  ): Promise<DelegationRow> {
    if (lock) await manager.query('SELECT id FROM delegations WHERE id = $1 FOR UPDATE', [id]);
    const [row] = (await manager.query(
      `SELECT d.*, dr.name AS delegator_name, de.name AS delegate_name
         FROM delegations d
         JOIN users dr ON dr.id = d.delegator_id
         JOIN users de ON de.id = d.delegate_id
        WHERE d.id = $1`,
      [id],
    )) as DelegationRow[];
    const visible =
      row &&
      (caller.roles.includes('admin') ||
        row.delegator_id === caller.id ||
        row.delegate_id === caller.id);
    if (!visible) throw notFound('delegation', id);
    return row;
  }

  private viewOf(d: Delegation, delegator: Person, delegate: Person, now: Date): DelegationView {
    return {
      id: d.id,
      delegatorId: d.delegatorId,
      delegateId: d.delegateId,
      agencyId: d.agencyId,
      startsAt: d.startsAt.toISOString(),
      endsAt: d.endsAt.toISOString(),
      legalBasis: d.legalBasis,
      reference: d.reference,
      createdBy: d.createdBy,
      createdAt: d.createdAt.toISOString(),
      revokedAt: d.revokedAt?.toISOString() ?? null,
      status: delegationStatus(d, now),
      delegator: { id: delegator.id, name: delegator.name },
      delegate: { id: delegate.id, name: delegate.name },
    };
  }

  private rowView(row: DelegationRow, now: Date): DelegationView {
    const d = dates(row);
    return {
      id: row.id,
      delegatorId: row.delegator_id,
      delegateId: row.delegate_id,
      agencyId: row.agency_id,
      startsAt: d.startsAt.toISOString(),
      endsAt: d.endsAt.toISOString(),
      legalBasis: row.legal_basis,
      reference: row.reference,
      createdBy: row.created_by,
      createdAt: new Date(row.created_at).toISOString(),
      revokedAt: d.revokedAt?.toISOString() ?? null,
      status: delegationStatus(d, now),
      delegator: { id: row.delegator_id, name: row.delegator_name },
      delegate: { id: row.delegate_id, name: row.delegate_name },
    };
  }

  /** Tells both people, in their language and zone, in the caller's transaction. */
  private async notify(
    manager: EntityManager,
    kind: 'delegation_created' | 'delegation_revoked',
    view: DelegationView,
    caller: Actor,
  ): Promise<AfterCommitJob[]> {
    const jobs = await this.notifications.notify(manager, [
      {
        kind,
        to: { userIds: [view.delegatorId, view.delegateId] },
        event: `${kind}/${view.id}`,
        context: {
          delegation: {
            id: view.id,
            delegatorId: view.delegatorId,
            delegateId: view.delegateId,
            delegatorName: view.delegator.name,
            delegateName: view.delegate.name,
            byName: caller.id === view.delegatorId ? null : caller.name,
            startsAt: new Date(view.startsAt),
            endsAt: new Date(view.endsAt),
            legalBasis: view.legalBasis,
            reference: view.reference,
            revokedAt: view.revokedAt ? new Date(view.revokedAt) : null,
          },
        },
      },
    ]);
    return jobs;
  }
}

/** The status of a delegation row at `$4`, in SQL (see {@link delegationStatus}). */
const STATUS_SQL = `(CASE WHEN d.revoked_at IS NOT NULL AND d.revoked_at <= $4 THEN 'revoked'
                          WHEN $4 < d.starts_at THEN 'scheduled'
                          WHEN $4 < d.ends_at THEN 'active' ELSE 'expired' END)`;

interface DelegationRow {
  id: string;
  delegator_id: string;
  delegate_id: string;
  agency_id: string | null;
  starts_at: Date;
  ends_at: Date;
  legal_basis: string;
  reference: string | null;
  created_by: string;
  created_at: Date;
  revoked_at: Date | null;
  delegator_name: string;
  delegate_name: string;
}

function dates(row: DelegationRow) {
  return {
    startsAt: new Date(row.starts_at),
    endsAt: new Date(row.ends_at),
    revokedAt: row.revoked_at ? new Date(row.revoked_at) : null,
  };
}
