import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { DomainError } from '@app/common/errors/domain-error';
import { InjectConfig, type RuntimeConfig } from '@app/config/runtime-config';
import { UserView } from '../dto/user.dto';
import { User } from '../entities/user.entity';
import { dummyPasswordHash, verifyPassword } from './passwords';

/** Pinned: a token signed with any other algorithm (or `none`) is refused. */
export const JWT_ALGORITHM = 'HS256';

@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly jwt: JwtService,
    @InjectConfig() private readonly config: RuntimeConfig,
  ) {}

  /** One answer for an unknown email, a wrong password and a deactivated user. */
  async login(email: string, password: string) {
    const user = await this.users.findOneBy({ email: email.trim().toLowerCase() });
    const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
    if (!user || !valid || !user.active) {
      throw new DomainError(
        'unauthenticated',
        'AUTH.INVALID_CREDENTIALS',
        'Invalid email or password.',
      );
    }
    const accessToken = await this.jwt.signAsync({ sub: user.id });
    return {
      accessToken,
      tokenType: 'Bearer' as const,
      expiresIn: this.config.jwtExpiresInSeconds,
      user: UserView.of(user),
    };
  }
}
