import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request } from 'express';
import { Repository } from 'typeorm';
import { DomainError } from '@app/common/errors/domain-error';
import { User } from '../entities/user.entity';
import type { Role } from '../roles';
import { IS_PUBLIC, REQUIRED_ROLES } from './auth.decorators';
import type { AuthUser } from './auth-user';
import { JWT_ALGORITHM } from './auth.service';

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
    @InjectRepository(User) private readonly users: Repository<User>,
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
    const user = await this.users.findOneBy({ id: subject });
    if (!user || !user.active) throw unauthenticated();
    request.user = {
      id: user.id,
      email: user.email,
      name: user.name,
      agencyId: user.agencyId,
      roles: user.roles,
      locale: user.locale,
      timeZone: user.timeZone,
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
