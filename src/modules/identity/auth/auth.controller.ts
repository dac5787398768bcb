import { Body, Controller, Get, HttpCode, Patch, Post, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { ApiProblems } from '@app/common/errors/problem-details.dto';
import { InjectConfig, type RuntimeConfig } from '@app/config/runtime-config';
import { LoginDto, LoginResponse } from '../dto/login.dto';
import { ChangePasswordDto, UpdateMeDto, UserView } from '../dto/user.dto';
import { UsersService } from '../users.service';
import { readBearerToken } from './access-token';
import { CurrentUser, Public } from './auth.decorators';
import type { AuthUser } from './auth-user';
import { AuthService, type SessionGrant } from './auth.service';
import {
  assertAllowedOrigin,
  clearRefreshCookie,
  readRefreshCookie,
  REFRESH_COOKIE,
  REFRESH_COOKIE_PATH,
  setRefreshCookie,
} from './refresh-cookie';
import { SessionsService } from './sessions.service';

/** Swagger security scheme name of the refresh cookie (registered in bootstrap). */
export const REFRESH_COOKIE_AUTH = 'refreshCookie';

const setCookieHeader = {
  'Set-Cookie': {
    description:
      `The session's refresh token: \`${REFRESH_COOKIE}=…; Max-Age=<SESSION_IDLE_DAYS in s>; ` +
      `Path=${REFRESH_COOKIE_PATH}; HttpOnly; SameSite=Strict\` (+ \`Secure\` over https). ` +
      'Single-use: each refresh replaces it.',
    schema: { type: 'string' },
  },
};

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    @InjectConfig() private readonly config: RuntimeConfig,
  ) {}

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange email and password for a Bearer token and start a session',
    description:
      'Also sets the refresh cookie, so a browser can get a new access token after a reload ' +
      '(`POST /auth/refresh`) without keeping any token where scripts can read it. ' +
      'Rate-limited per client address.',
  })
  @ApiOkResponse({ type: LoginResponse, headers: setCookieHeader })
  @ApiProblems({
    400: 'Invalid fields (listed in errors)',
    401: 'Bad credentials (the same answer whether the email exists or not)',
    429: 'Too many attempts from this address',
  })
  async login(
    @Body() dto: LoginDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LoginResponse> {
    return this.answer(request, response, await this.auth.login(dto.email, dto.password));
  }

  @Public()
  @Post('auth/refresh')
  @HttpCode(200)
  @ApiCookieAuth(REFRESH_COOKIE_AUTH)
  @ApiOperation({
    summary: 'A new access token for the session of the refresh cookie; rotates the cookie',
    description:
      'No body: the refresh cookie is the credential. A refresh token works once; presenting ' +
      'one that was already used ends its whole session (its access tokens answer 401 too). ' +
      'Refused for a browser request from another origin than the service or CORS_ORIGINS.',
  })
  @ApiOkResponse({ type: LoginResponse, headers: setCookieHeader })
  @ApiProblems({
    401: 'No refresh cookie, or one that is unknown, used, expired or of an ended session (the cookie is cleared)',
    403: 'Origin header of another site',
  })
  async refresh(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LoginResponse> {
    assertAllowedOrigin(request, this.config.corsOrigins);
    try {
      return this.answer(
        request,
        response,
        await this.auth.refresh(readRefreshCookie(request) ?? ''),
      );
    } catch (error) {
      // A dead cookie is of no use to the browser: stop it sending it.
      clearRefreshCookie(request, response);
      throw error;
    }
  }

  @Public()
  @Post('auth/logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiCookieAuth(REFRESH_COOKIE_AUTH)
  @ApiOperation({
    summary: 'End the session (of the Bearer token and/or the refresh cookie)',
    description:
      'Its access tokens answer 401 from now on and the refresh cookie is cleared. ' +
      'An expired (but genuine) Bearer token is accepted; logging out twice answers 204 again.',
  })
  @ApiNoContentResponse({
    description: 'The session has ended',
    headers: {
      'Set-Cookie': { description: 'Clears the refresh cookie', schema: { type: 'string' } },
    },
  })
  @ApiProblems({
    401: 'Neither a Bearer token nor a refresh cookie, or a forged token',
    403: 'Origin header of another site',
  })
  async logout(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    assertAllowedOrigin(request, this.config.corsOrigins);
    await this.auth.logout({
      accessToken: readBearerToken(request),
      refreshToken: readRefreshCookie(request),
    });
    clearRefreshCookie(request, response);
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOperation({ summary: 'The caller' })
  @ApiOkResponse({ type: UserView })
  @ApiProblems({ 401: 'No valid token, or its session has ended' })
  me(@CurrentUser() user: AuthUser): Promise<UserView> {
    return this.users.get(user.id);
  }

  @ApiBearerAuth()
  @Patch('me')
  @ApiOperation({ summary: 'Change your own name, language or time zone' })
  @ApiOkResponse({ type: UserView, description: 'The whole user, as GET /me answers it' })
  @ApiProblems({
    400: 'Invalid or unknown fields (listed in errors)',
    401: 'No valid token, or its session has ended',
  })
  updateMe(@CurrentUser() user: AuthUser, @Body() dto: UpdateMeDto): Promise<UserView> {
    return this.users.updateMe(user.id, dto);
  }

  @ApiBearerAuth()
  @Post('me/password')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Change your own password',
    description: 'Every other session of yours ends; this one goes on.',
  })
  @ApiNoContentResponse({ description: 'Changed' })
  @ApiProblems({
    400:
      'A wrong currentPassword (code AUTH.WRONG_PASSWORD) or a weak newPassword; ' +
      'errors names the field',
    401: 'No valid token, or its session has ended',
  })
  changePassword(@CurrentUser() user: AuthUser, @Body() dto: ChangePasswordDto): Promise<void> {
    return this.users.changeOwnPassword(user, dto);
  }

  private answer(request: Request, response: Response, grant: SessionGrant): LoginResponse {
    setRefreshCookie(request, response, grant.refreshToken, this.sessions.idleLimitSeconds);
    return grant.answer;
  }
}
