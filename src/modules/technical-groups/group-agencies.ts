import type { EntityManager } from 'typeorm';
import type { Agency } from '@app/modules/identity/entities/agency.entity';

/**
 * SQL: the ids of the agencies that take part in the group whose id is `groupId` (a SQL
 * expression, e.g. `$1`): listed ones, the co-chairs', and those of its people. The one
 * definition, for the list below and for a caller's standing (`GroupAccess.standing`).
 */
export const groupAgencyIdsSql = (groupId: string) =>
  `SELECT agency_id FROM technical_group_member_agencies WHERE group_id = ${groupId}
   UNION
   SELECT u.agency_id FROM users u JOIN technical_groups g
       ON u.id IN (g.co_chair_mx_id, g.co_chair_us_id) WHERE g.id = ${groupId}
   UNION
   SELECT u.agency_id FROM users u JOIN technical_group_members m
       ON m.user_id = u.id WHERE m.group_id = ${groupId}`;

/** Agencies that take part in a group: listed ones, the co-chairs', and those of its people. */
export async function groupAgencies(manager: EntityManager, groupId: string): Promise<Agency[]> {
  return manager.query(
    `SELECT a.id, a.code, a.country, a.name_en AS "nameEn", a.name_es AS "nameEs",
            a.time_zone AS "timeZone", a.non_working_days::text[] AS "nonWorkingDays"
       FROM agencies a
      WHERE a.id IN (${groupAgencyIdsSql('$1')})
      ORDER BY a.country, a.code`,
    [groupId],
  ) as Promise<Agency[]>;
}
