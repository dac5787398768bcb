import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/common/errors/domain-error';
import type { Locale } from '@app/common/bilingual';
import type { Role } from '../roles';
import { IS_PUBLIC, REQUIRED_ROLES } from './auth.decorators';
import type { AuthUser } from './auth-user';
import { isAccessTokenClaims, JWT_ALGORITHM, readBearerToken } from './access-token';

interface UserRow {
  id: string;
  email: string;
  name: string;
  agency_id: string | null;
  agency_code: string | null;
  roles: Role[];
  locale: Locale;
  time_zone: string;
  active: boolean;
  mx_groups: string[];
  us_groups: string[];
  session_live: boolean;
}

const unauthenticated = () =>
  new DomainError('unauthenticated', 'AUTH.TOKEN_INVALID', 'A valid Bearer token is required.');

/**
 * Global guard: every route needs a valid token unless marked `@Public()`, and the caller needs
 * one of the roles named by `@Roles()`. The user and the token's session are re-read on every
 * request, so a deactivated user, a changed role or an ended session (logout, password change)
 * takes effect at once, not when the token expires.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const token = readBearerToken(request);
    if (!token) throw unauthenticated();
    let claims: unknown;
    try {
      claims = await this.jwt.verifyAsync(token, { algorithms: [JWT_ALGORITHM] });
    } catch {
      throw unauthenticated();
    }
    // Checked before the query: a malformed uuid would be a database error, not a 401.
    if (!isAccessTokenClaims(claims)) throw unauthenticated();
    // One round trip for the caller, whom they may sign for (their agency, the groups they
    // co-chair) and whether the token's session is still live (a primary-key probe): every
    // request pays for it, so it stays a single indexed query.
    const [user] = (await this.dataSource.query(
      `SELECT u.id, u.email, u.name, u.agency_id, u.roles, u.locale, u.time_zone, u.active,
              a.code AS agency_code,
              ARRAY(SELECT code FROM technical_groups WHERE co_chair_mx_id = u.id) AS mx_groups,
              ARRAY(SELECT code FROM technical_groups WHERE co_chair_us_id = u.id) AS us_groups,
              EXISTS(SELECT 1 FROM sessions s
                      WHERE s.id = $2 AND s.user_id = u.id AND s.ended_at IS NULL) AS session_live
         FROM users u LEFT JOIN agencies a ON a.id = u.agency_id
        WHERE u.id = $1`,
      [claims.sub, claims.sid],
    )) as UserRow[];
    if (!user || !user.active || !user.session_live) throw unauthenticated();
    request.user = {
      id: user.id,
      email: user.email,
      name: user.name,
      agencyId: user.agency_id,
      agencyCode: user.agency_code,
      roles: user.roles,
      locale: user.locale,
      timeZone: user.time_zone,
      coChairOf: { mx: user.mx_groups, us: user.us_groups },
      sessionId: claims.sid,
    };

    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (required && !required.some((role) => user.roles.includes(role))) {
      throw new DomainError(
        'forbidden',
        'AUTH.ROLE_REQUIRED',
        `This action needs the role ${required.join(' or ')}.`,
      );
    }
    return true;
  }
}
