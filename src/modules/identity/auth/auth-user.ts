import type { Locale } from '@app/common/bilingual';
import type { Role } from '../roles';

/** The caller of a request, loaded fresh from the database for each request. */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  agencyId: string | null;
  /** The code of the user's agency, which approval chains name. */
  agencyCode: string | null;
  roles: Role[];
  locale: Locale;
  timeZone: string;
  /** Codes of the technical groups the user co-chairs, per seat. */
  coChairOf: { mx: string[]; us: string[] };
  /** The session the caller's access token was issued for (its `sid` claim). */
  sessionId: string;
}

/**
 * Whoever a command is done for: a request's caller, or one of the demo's users when the seed
 * records the demo's workflows through the same services (without a session).
 */
export type Actor = Omit<AuthUser, 'sessionId'>;

/**
 * The SQL that reads an {@link Actor}: the user, their agency's code and the groups they
 * co-chair, from `users u` (append a WHERE on `u`). Shared by the auth guard and the demo seed.
 */
export const ACTOR_SELECT = `SELECT u.id, u.email, u.name, u.agency_id, u.roles, u.locale, u.time_zone,
              a.code AS agency_code,
              ARRAY(SELECT code FROM technical_groups WHERE co_chair_mx_id = u.id) AS mx_groups,
              ARRAY(SELECT code FROM technical_groups WHERE co_chair_us_id = u.id) AS us_groups`;
export const ACTOR_FROM = 'FROM users u LEFT JOIN agencies a ON a.id = u.agency_id';

/** A row of {@link ACTOR_SELECT}. */
export interface ActorRow {
  id: string;
  email: string;
  name: string;
  agency_id: string | null;
  agency_code: string | null;
  roles: Role[];
  locale: Locale;
  time_zone: string;
  mx_groups: string[];
  us_groups: string[];
}

export function actorOf(row: ActorRow): Actor {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    agencyId: row.agency_id,
    agencyCode: row.agency_code,
    roles: row.roles,
    locale: row.locale,
    timeZone: row.time_zone,
    coChairOf: { mx: row.mx_groups, us: row.us_groups },
  };
}
