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
