import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { DomainError } from '@app/common/errors/domain-error';
import { InjectConfig, type RuntimeConfig } from '@app/config/runtime-config';
import type { LoginResponse } from '../dto/login.dto';
import { UserView } from '../dto/user.dto';
import { User } from '../entities/user.entity';
import { type AccessTokenClaims, isAccessTokenClaims, JWT_ALGORITHM } from './access-token';
import { dummyPasswordHash, verifyPassword } from './passwords';
import { type IssuedRefreshToken, SessionsService } from './sessions.service';

/** A login or refresh: the JSON answer, and the refresh token to set as the cookie. */
export interface SessionGrant {
  answer: LoginResponse;
  refreshToken: string;
}

const unauthenticated = (detail: string) =>
  new DomainError('unauthenticated', 'AUTH.TOKEN_INVALID', detail);

@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly jwt: JwtService,
    private readonly sessions: SessionsService,
    @InjectConfig() private readonly config: RuntimeConfig,
  ) {}

  /**
   * Starts a session. One answer for an unknown email, a wrong password and a deactivated user.
   */
  async login(email: string, password: string): Promise<SessionGrant> {
    const user = await this.users.findOneBy({ email: email.trim().toLowerCase() });
    const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
    if (!user || !valid || !user.active) {
      throw new DomainError(
        'unauthenticated',
        'AUTH.INVALID_CREDENTIALS',
        'Invalid email or password.',
      );
    }
    return this.grant(user, await this.sessions.start(user.id));
  }

  /** Rotates the refresh token (see `SessionsService.rotate`) and issues a new access token. */
  async refresh(refreshToken: string): Promise<SessionGrant> {
    const issued = await this.sessions.rotate(refreshToken);
    // rotate() has checked the user is active; only a deletion in between could miss.
    const user = await this.users.findOneByOrFail({ id: issued.userId });
    return this.grant(user, issued);
  }

  /**
   * Ends the session of the access token (even an expired one: it was genuine) and the one of
   * the refresh cookie, whichever the client sent. 401 for a forged or malformed access token,
   * or when it sent neither; ending a session that has ended already is not an error.
   */
  async logout(credentials: { accessToken?: string; refreshToken?: string }): Promise<void> {
    const { accessToken, refreshToken } = credentials;
    if (!accessToken && !refreshToken)
      throw unauthenticated('Log out with the Bearer token or the refresh cookie.');
    if (accessToken) {
      let claims: unknown;
      try {
        claims = await this.jwt.verifyAsync(accessToken, {
          algorithms: [JWT_ALGORITHM],
          ignoreExpiration: true,
        });
      } catch {
        throw unauthenticated('A valid Bearer token is required.');
      }
      if (!isAccessTokenClaims(claims)) throw unauthenticated('A valid Bearer token is required.');
      await this.sessions.end(claims.sid, 'logout');
    }
    if (refreshToken) await this.sessions.endByRefreshToken(refreshToken, 'logout');
  }

  private async grant(user: User, issued: IssuedRefreshToken): Promise<SessionGrant> {
    const claims: AccessTokenClaims = { sub: user.id, sid: issued.sessionId };
    return {
      answer: {
        accessToken: await this.jwt.signAsync(claims),
        tokenType: 'Bearer',
        expiresIn: this.config.jwtExpiresInSeconds,
        user: UserView.of(user),
      },
      refreshToken: issued.refreshToken,
    };
  }
}
