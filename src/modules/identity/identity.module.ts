import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@app/config/runtime-config';
import { AgenciesController } from './agencies.controller';
import { AgenciesService } from './agencies.service';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { JWT_ALGORITHM } from './auth/access-token';
import { AuthService } from './auth/auth.service';
import { RateLimitModule, RateLimitStore } from './auth/rate-limit';
import { SessionsService } from './auth/sessions.service';
import { Agency } from './entities/agency.entity';
import { HolidaysController } from './holidays.controller';
import { User } from './entities/user.entity';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Agency, User]),
    JwtModule.registerAsync({
      inject: [RUNTIME_CONFIG],
      useFactory: (config: RuntimeConfig) => ({
        // A KeyObject, not the string: jsonwebtoken otherwise tries (and fails) to parse the
        // string as a PEM public key on every verification, a third of a login-free request.
        secret: createSecretKey(Buffer.from(config.jwtSecret)),
        signOptions: { algorithm: JWT_ALGORITHM, expiresIn: config.jwtExpiresInSeconds },
        verifyOptions: { algorithms: [JWT_ALGORITHM] },
      }),
    }),
    // Only the login route uses the throttler guard; no other route is rate-limited.
    ThrottlerModule.forRootAsync({
      imports: [RateLimitModule],
      inject: [RUNTIME_CONFIG, RateLimitStore],
      useFactory: (config: RuntimeConfig, storage: RateLimitStore) => ({
        throttlers: [{ name: 'default', ttl: 60_000, limit: config.loginAttemptsPerMinute }],
        storage,
      }),
    }),
  ],
  controllers: [AuthController, AgenciesController, UsersController, HolidaysController],
  providers: [
    AuthService,
    SessionsService,
    AgenciesService,
    UsersService,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [UsersService, AgenciesService, JwtModule],
})
export class IdentityModule {}
