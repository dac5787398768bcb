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
import { JWT_ALGORITHM } from './auth.service';

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
}

const unauthenticated = () =>
  new DomainError('unauthenticated', 'AUTH.TOKEN_INVALID', 'A valid Bearer token is required.');

/**
 * Global guard: every route needs a valid token unless marked `@Public()`, and the caller needs
 * one of the roles named by `@Roles()`. The user is re-read on every request, so a deactivated
 * user or a changed role takes effect at once, not when the token expires.
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
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) throw unauthenticated();
    let subject: string;
    try {
      const payload = await this.jwt.verifyAsync<{ sub: string }>(token, {
        algorithms: [JWT_ALGORITHM],
      });
      subject = payload.sub;
    } catch {
      throw unauthenticated();
    }
    if (typeof subject !== 'string' || !/^[0-9a-f-]{36}$/i.test(subject)) throw unauthenticated();
    // One round trip for the caller and whom they may sign for (their agency, the groups they
    // co-chair): every request pays for it, so it stays a single indexed query.
    const [user] = (await this.dataSource.query(
      `SELECT u.id, u.email, u.name, u.agency_id, u.roles, u.locale, u.time_zone, u.active,
              a.code AS agency_code,
              ARRAY(SELECT code FROM technical_groups WHERE co_chair_mx_id = u.id) AS mx_groups,
              ARRAY(SELECT code FROM technical_groups WHERE co_chair_us_id = u.id) AS us_groups
         FROM users u LEFT JOIN agencies a ON a.id = u.agency_id
        WHERE u.id = $1`,
      [subject],
    )) as UserRow[];
    if (!user || !user.active) throw unauthenticated();
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
