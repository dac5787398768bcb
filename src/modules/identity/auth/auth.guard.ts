import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/common/errors/domain-error';
import type { Role } from '../roles';
import { IS_PUBLIC, REQUIRED_ROLES } from './auth.decorators';
import { ACTOR_FROM, ACTOR_SELECT, type ActorRow, actorOf, type AuthUser } from './auth-user';
import { isAccessTokenClaims, JWT_ALGORITHM, readBearerToken } from './access-token';
import { prepared } from '@app/database/prepared-statement';

interface UserRow extends ActorRow {
  active: boolean;
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
      prepared(`${ACTOR_SELECT}, u.active,
              EXISTS(SELECT 1 FROM sessions s
                      WHERE s.id = $2 AND s.user_id = u.id AND s.ended_at IS NULL) AS session_live
         ${ACTOR_FROM}
        WHERE u.id = $1`),
      [claims.sub, claims.sid],
    )) as UserRow[];
    if (!user || !user.active || !user.session_live) throw unauthenticated();
    request.user = { ...actorOf(user), sessionId: claims.sid };

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
