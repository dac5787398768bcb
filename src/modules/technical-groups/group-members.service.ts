import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { Country } from '@app/common/bilingual';
import { DomainError, invalidField } from '@app/common/errors/domain-error';
import { page } from '@app/common/http/pagination';
import { AfterCommitQueue } from '@app/common/jobs/after-commit';
import type { AuthUser } from '@app/modules/identity/auth/auth-user';
import {
  type AddMemberDto,
  type ChangeMemberRoleDto,
  GroupEventView,
  type ListGroupEventsQuery,
  ROLE_LABELS,
  type RosterAgencyView,
  type RosterPersonView,
  type RosterView,
} from './dto/group-members.dto';
import { GroupEvent, type GroupEventType } from './entities/group-event.entity';
import type { GroupRole, MemberRole } from './entities/group-member.entity';
import { canRead, GroupAccess } from './group-access';
import { recordGroupEvent } from './group-events';
import { MemberJoinedListeners } from './member-joined';

interface PersonRow {
  user_id: string;
  name: string;
  role: GroupRole;
  seat: 'mx' | 'us' | null;
  agency_code: string | null;
  agency_country: Country | null;
}

interface AgencyRow {
  code: string;
  country: Country;
  name_en: string;
  name_es: string;
  role: GroupRole;
}

/** The events of the group's co-chairs, roster and anchored history, which everyone reads. */
const PUBLIC_EVENTS: GroupEventType[] = [
  'group_created',
  'co_chair_changed',
  'member_added',
  'member_role_changed',
  'member_removed',
  'audit_checkpoint_sent',
];

const RANK: Record<GroupRole, number> = { co_chair: 0, member: 1, observer: 2 };
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The people of a group and their roles. Co-chairs are read from the group's two co-chair
 * columns (what co-chair sign-off uses); members and observers from `technical_group_members`.
 */
@Injectable()
export class GroupMembersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: GroupAccess,
    private readonly memberJoined: MemberJoinedListeners,
    private readonly afterCommit: AfterCommitQueue,
  ) {}

  async roster(groupId: string): Promise<RosterView> {
    const people = (await this.dataSource.query(
      `SELECT u.id AS user_id, u.name, p.role, p.seat, a.code AS agency_code, a.country AS agency_country
         FROM (SELECT co_chair_mx_id AS user_id, 'co_chair' AS role, 'mx' AS seat FROM technical_groups WHERE id = $1
               UNION ALL
               SELECT co_chair_us_id, 'co_chair', 'us' FROM technical_groups WHERE id = $1
               UNION ALL
               SELECT user_id, role, NULL FROM technical_group_members WHERE group_id = $1) p
         JOIN users u ON u.id = p.user_id
         LEFT JOIN agencies a ON a.id = u.agency_id`,
      [groupId],
    )) as PersonRow[];
    const agencies = (await this.dataSource.query(
      `SELECT a.code, a.country, a.name_en, a.name_es, 'member' AS role
         FROM technical_group_member_agencies m JOIN agencies a ON a.id = m.agency_id
        WHERE m.group_id = $1`,
      [groupId],
    )) as AgencyRow[];

    const byCode = new Map<string, AgencyRow>();
    const rank = (row: AgencyRow) => {
      const known = byCode.get(row.code);
      if (!known || RANK[row.role] < RANK[known.role]) byCode.set(row.code, row);
    };
    agencies.forEach(rank);
    const agencyOf = (await this.dataSource.query(
      `SELECT a.code, a.country, a.name_en, a.name_es FROM agencies a
        WHERE a.code = ANY($1::text[])`,
      [people.flatMap((p) => (p.agency_code ? [p.agency_code] : []))],
    )) as Omit<AgencyRow, 'role'>[];
    const agencyByCode = new Map(agencyOf.map((a) => [a.code, a]));
    for (const person of people) {
      const agency = person.agency_code ? agencyByCode.get(person.agency_code) : undefined;
      if (agency) rank({ ...agency, role: person.role });
    }

    return {
      people: people
        .map((p): RosterPersonView => ({
          userId: p.user_id,
          name: p.name,
          agencyCode: p.agency_code,
          country: (p.agency_country?.trim() as Country | undefined) ?? null,
          role: p.role,
          roleLabel: ROLE_LABELS[p.role],
          ...(p.seat ? { seat: p.seat } : {}),
        }))
        .sort(
          (a, b) =>
            RANK[a.role] - RANK[b.role] ||
            compare(a.seat ?? '', b.seat ?? '') ||
            compare(a.name, b.name) ||
            compare(a.userId, b.userId),
        ),
      agencies: [...byCode.values()]
        .map((a): RosterAgencyView => ({
          code: a.code,
          country: a.country,
          name: { en: a.name_en, es: a.name_es },
          role: a.role,
          roleLabel: ROLE_LABELS[a.role],
        }))
        .sort((a, b) => compare(a.country, b.country) || compare(a.code, b.code)),
    };
  }

  async add(groupId: string, dto: AddMemberDto, actor: AuthUser): Promise<RosterView> {
    const standing = await this.access.toManageRoster(groupId, actor);
    const queued = await this.dataSource.transaction(async (manager) => {
      const [user] = (await manager.query(
        `SELECT u.id, u.active, u.agency_id,
                EXISTS (SELECT 1 FROM technical_groups g WHERE g.id = $2
                         AND u.id IN (g.co_chair_mx_id, g.co_chair_us_id)) AS co_chair
           FROM users u WHERE u.id = $1`,
        [dto.userId, groupId],
      )) as { id: string; active: boolean; agency_id: string | null; co_chair: boolean }[];
      if (!user) {
        throw invalidField(
          'userId',
          `no user with id ${dto.userId}`,
          'TECHNICAL_GROUP.UNKNOWN_USER',
        );
      }
      if (!user.active) {
        throw invalidField('userId', 'the user is deactivated', 'TECHNICAL_GROUP.MEMBER_INACTIVE');
      }
      if (!user.agency_id) {
        throw invalidField(
          'userId',
          'a member speaks for an agency: the user has none',
          'TECHNICAL_GROUP.MEMBER_WITHOUT_AGENCY',
        );
      }
      if (user.co_chair) throw alreadyIn(standing.groupCode, 'a co-chair');
      const inserted = (await manager.query(
        `INSERT INTO technical_group_members (group_id, user_id, role) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING user_id`,
        [groupId, dto.userId, dto.role],
      )) as unknown[];
      if (inserted.length === 0) throw alreadyIn(standing.groupCode, 'a member');
      await recordGroupEvent(manager, groupId, 'member_added', actor.id, {
        userId: dto.userId,
        role: dto.role,
      });
      // A newcomer hears of what is already planned (the meetings module's invitations).
      const jobs = await this.memberJoined.joined(manager, {
        groupId,
        groupCode: standing.groupCode,
        userId: dto.userId,
        actorId: actor.id,
      });
      return jobs;
    });
    void this.afterCommit.add(queued);
    return this.roster(groupId);
  }

  async changeRole(
    groupId: string,
    userId: string,
    dto: ChangeMemberRoleDto,
    actor: AuthUser,
  ): Promise<RosterView> {
    const standing = await this.access.toManageRoster(groupId, actor);
    await this.dataSource.transaction(async (manager) => {
      const [row] = (await manager.query(
        `SELECT role FROM technical_group_members WHERE group_id = $1 AND user_id = $2 FOR UPDATE`,
        [groupId, userId],
      )) as { role: MemberRole }[];
      if (!row) throw this.notMember(standing.groupCode, groupId, userId);
      if (row.role === dto.role) return;
      await manager.query(
        `UPDATE technical_group_members SET role = $3 WHERE group_id = $1 AND user_id = $2`,
        [groupId, userId, dto.role],
      );
      await recordGroupEvent(manager, groupId, 'member_role_changed', actor.id, {
        userId,
        from: row.role,
        to: dto.role,
      });
    });
    return this.roster(groupId);
  }

  async remove(groupId: string, userId: string, actor: AuthUser): Promise<void> {
    const standing = await this.access.toManageRoster(groupId, actor);
    await this.dataSource.transaction(async (manager) => {
      const [deleted] = (await manager.query(
        `DELETE FROM technical_group_members WHERE group_id = $1 AND user_id = $2 RETURNING role`,
        [groupId, userId],
      )) as [{ role: MemberRole }[], number];
      if (!deleted?.length) throw this.notMember(standing.groupCode, groupId, userId);
      await recordGroupEvent(manager, groupId, 'member_removed', actor.id, {
        userId,
        role: deleted[0].role,
      });
    });
  }

  /**
   * The group's history. Its co-chairs and roster are public, and so are their events; those of
   * its meetings, minutes and action items are for whoever reads the meetings: anyone else
   * would learn from the history what the meetings' routes answer 404 for.
   */
  async events(groupId: string, query: ListGroupEventsQuery, caller: AuthUser) {
    const standing = await this.access.standing(groupId, caller);
    const [items, total] = await this.dataSource.manager.findAndCount(GroupEvent, {
      where: canRead(standing) ? { groupId } : { groupId, type: In(PUBLIC_EVENTS) },
      order: { id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return page(items.map(GroupEventView.of), total, query);
  }

  private notMember(groupCode: string, groupId: string, userId: string): DomainError {
    return new DomainError(
      'not_found',
      'TECHNICAL_GROUP.NOT_A_MEMBER',
      `User ${userId} is not a member or observer of ${groupCode} (${groupId}); co-chairs are changed through PATCH /technical-groups/${groupId}.`,
    );
  }
}

const alreadyIn = (groupCode: string, as: string) =>
  new DomainError(
    'conflict',
    'TECHNICAL_GROUP.ALREADY_A_MEMBER',
    `The user is already ${as} of ${groupCode}.`,
  );
