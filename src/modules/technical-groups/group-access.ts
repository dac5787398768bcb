import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError, notFound } from '@app/common/errors/domain-error';
import type { AuthUser } from '@app/modules/identity/auth/auth-user';
import type { GroupRole } from './entities/group-member.entity';
import { groupAgencyIdsSql } from './group-agencies';

/** What the caller is to a group: an admin, one of its roles, or nobody. */
export interface GroupStanding {
  groupId: string;
  groupCode: string;
  /** The caller's role in the group, if any (an admin may also hold one). */
  role: GroupRole | null;
  admin: boolean;
  /**
   * The caller coordinates a project of the group (created it, or coordinates one of its
   * workflows): they read the group's meetings, where their project is discussed.
   */
  projectCoordinator: boolean;
  /**
   * The caller's agency may owe the group action items: it takes part in the group
   * (`groupAgencyIdsSql`; items are assigned to such agencies only) or owes one already
   * (assigned before it left the group).
   */
  agencyMayOwe: boolean;
}

/** Co-chairs and admins run the group: roster, meetings, agenda, minutes, action items. */
export const canManage = (s: GroupStanding) => s.admin || s.role === 'co_chair';
/** Everyone in the group, observers included, and admins, read its meetings and minutes. */
export const isInside = (s: GroupStanding) => s.admin || s.role !== null;
/** Who reads the group's meetings, minutes and action items: those inside, and coordinators of its projects. */
export const canRead = (s: GroupStanding) => isInside(s) || s.projectCoordinator;
/**
 * Who shapes a meeting's agenda: co-chairs and admins, and a member who coordinates projects
 * (the `coordinator` role), who prepares the meeting with them.
 */
export const canEditAgenda = (s: GroupStanding, user: Pick<AuthUser, 'roles'>) =>
  canManage(s) || (s.role !== null && user.roles.includes('coordinator'));

/**
 * The group's permission rules in one place. The group and its roster are public (binational
 * transparency); its meetings, agendas, minutes and action items are not: to someone outside
 * the group they do not exist (404), to a member who may not change them they are 403.
 */
@Injectable()
export class GroupAccess {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The caller's standing; 404 when there is no such group. */
  async standing(
    groupId: string,
    user: AuthUser,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<GroupStanding> {
    const [row] = (await manager.query(
      `SELECT g.id, g.code,
              CASE WHEN $2::uuid IN (g.co_chair_mx_id, g.co_chair_us_id) THEN 'co_chair'
                   ELSE (SELECT m.role FROM technical_group_members m
                          WHERE m.group_id = g.id AND m.user_id = $2) END AS role,
              EXISTS (SELECT 1 FROM projects p
                       WHERE p.technical_group_id = g.id
                         AND (p.created_by = $2
                              OR EXISTS (SELECT 1 FROM workflows w
                                          WHERE w.project_id = p.id AND w.coordinator_id = $2)))
                AS project_coordinator,
              COALESCE($3::uuid IN (${groupAgencyIdsSql('g.id')}), false)
                OR EXISTS (SELECT 1 FROM action_items i
                            WHERE i.group_id = g.id AND i.owner_agency_id = $3) AS agency_may_owe
         FROM technical_groups g WHERE g.id = $1`,
      [groupId, user.id, user.agencyId ?? null],
    )) as {
      id: string;
      code: string;
      role: GroupRole | null;
      project_coordinator: boolean;
      agency_may_owe: boolean;
    }[];
    if (!row) throw notFound('technical group', groupId);
    return {
      groupId: row.id,
      groupCode: row.code,
      role: row.role,
      admin: user.roles.includes('admin'),
      projectCoordinator: row.project_coordinator,
      agencyMayOwe: row.agency_may_owe,
    };
  }

  /** For the roster: outsiders may read it but not change it (403). */
  async toManageRoster(groupId: string, user: AuthUser): Promise<GroupStanding> {
    const standing = await this.standing(groupId, user);
    if (!canManage(standing)) throw notManager(standing);
    return standing;
  }

  /**
   * For meetings, minutes and action items: those inside and coordinators of the group's
   * projects read them; other outsiders get 404, as if there were none.
   */
  async toRead(groupId: string, user: AuthUser, what = 'meetings'): Promise<GroupStanding> {
    const standing = await this.standing(groupId, user);
    if (!canRead(standing)) throw hidden(groupId, what);
    return standing;
  }

  /** To shape a meeting's agenda ({@link canEditAgenda}): outsiders 404, others 403. */
  async toEditAgenda(groupId: string, user: AuthUser): Promise<GroupStanding> {
    const standing = await this.toRead(groupId, user);
    if (!canEditAgenda(standing, user)) {
      throw new DomainError(
        'forbidden',
        'TECHNICAL_GROUP.NOT_AN_AGENDA_EDITOR',
        `Only a co-chair of ${standing.groupCode}, an admin, or a coordinator in the group may change the agenda.`,
      );
    }
    return standing;
  }

  /**
   * To change meetings, minutes and action items: outsiders 404, members, observers and
   * coordinators of the group's projects 403.
   */
  async toManage(groupId: string, user: AuthUser, what = 'meetings'): Promise<GroupStanding> {
    const standing = await this.toRead(groupId, user, what);
    if (!canManage(standing)) throw notManager(standing);
    return standing;
  }
}

export const hidden = (groupId: string, what: string) =>
  new DomainError(
    'not_found',
    'NOT_FOUND',
    `No ${what} of technical group ${groupId} that you can see: only its members can.`,
  );

const notManager = (standing: GroupStanding) =>
  new DomainError(
    'forbidden',
    'TECHNICAL_GROUP.NOT_A_CO_CHAIR',
    `Only a co-chair of ${standing.groupCode} or an admin may do this${standing.role ? ` (you are ${standing.role === 'observer' ? 'an observer' : 'a member'})` : ''}.`,
  );
