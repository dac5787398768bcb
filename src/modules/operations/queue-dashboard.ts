import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import { parse } from 'cookie';
import type { CookieOptions, NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/common/errors/domain-error';
import { ApiProblems } from '@app/common/errors/problem-details.dto';
import { toProblem } from '@app/common/errors/problem-details';
import { JWT_ALGORITHM } from '@app/modules/identity/auth/access-token';
import { CurrentUser, Roles } from '@app/modules/identity/auth/auth.decorators';
import type { AuthUser } from '@app/modules/identity/auth/auth-user';
import { assertAllowedOrigin } from '@app/modules/identity/auth/refresh-cookie';

/** Where the dashboard is served, outside the API's prefix (the web app leaves it alone). */
export const QUEUE_DASHBOARD_PATH = '/admin/queues';
/** The dashboard's own cookie: sent to nothing but the dashboard. */
export const QUEUE_DASHBOARD_COOKIE = 'puentes_queues';
/** A dashboard cookie lasts this long (s); an admin asks for a new one to go on. */
export const QUEUE_DASHBOARD_TTL_SECONDS = 15 * 60;
/** The JWT audience of a dashboard cookie, so it is never taken for an access token. */
const AUDIENCE = 'puentes:queue-dashboard';

function cookieOptions(request: Request): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'strict',
    path: QUEUE_DASHBOARD_PATH,
    secure: request.secure,
  };
}

/**
 * How a browser reaches a server-rendered page when the app's credential is a Bearer token held
 * in memory: the web app (or any admin client) trades its token for a dashboard cookie with
 * `POST /api/v1/admin/queue-dashboard/session`, then opens `/admin/queues`. The cookie is
 * HttpOnly, SameSite=Strict, scoped to `/admin/queues`, signed with JWT_SECRET for 15 minutes,
 * and names the admin's session: logging out, a password change or losing the admin role ends
 * it at once, since every dashboard request re-reads the user and the session. No token ever
 * appears in a URL (where logs, history and Referer headers would keep it).
 */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('admin/queue-dashboard')
export class QueueDashboardController {
  constructor(private readonly jwt: JwtService) {}

  @Roles('admin')
  @Post('session')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Open the queue dashboard: sets its cookie, then open /admin/queues',
    description:
      `Sets \`${QUEUE_DASHBOARD_COOKIE}=…; Max-Age=${QUEUE_DASHBOARD_TTL_SECONDS}; ` +
      `Path=${QUEUE_DASHBOARD_PATH}; HttpOnly; SameSite=Strict\` (+ \`Secure\` over https), ` +
      'valid while the session of the token lasts and the caller stays an admin.',
  })
  @ApiNoContentResponse({
    description: 'The cookie is set',
    headers: { 'Set-Cookie': { description: 'The dashboard cookie', schema: { type: 'string' } } },
  })
  @ApiProblems({ 401: 'No valid token, or its session has ended', 403: 'Not an admin' })
  async open(
    @CurrentUser() user: AuthUser,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    const token = await this.jwt.signAsync(
      { sub: user.id, sid: user.sessionId },
      { audience: AUDIENCE, expiresIn: QUEUE_DASHBOARD_TTL_SECONDS },
    );
    response.cookie(QUEUE_DASHBOARD_COOKIE, token, {
      ...cookieOptions(request),
      maxAge: QUEUE_DASHBOARD_TTL_SECONDS * 1000,
    });
  }
}

function refuse(response: Response, error: DomainError, request: Request): void {
  const problem = toProblem(error)!;
  response
    .status(problem.status)
    .type('application/problem+json')
    .json({ ...problem, instance: request.originalUrl });
}

/**
 * The dashboard behind its guard: bull-board over every queue of the service (on Redis or on
 * PostgreSQL alike), reachable only with a live dashboard cookie of an active admin; anyone
 * else gets 401 (no or a dead cookie) or 403 (no longer an admin) as problem+json. Changes
 * (retry, clean, pause) are refused from a browser page of another origin. Its page asks for
 * web fonts from Google; the Content-Security-Policy keeps an admin's browser from calling a
 * third party (the system fonts are used instead).
 */
export function queueDashboard(options: {
  queues: Queue[];
  jwt: JwtService;
  dataSource: DataSource;
  corsOrigins: string[];
}): RequestHandler[] {
  const board = new ExpressAdapter();
  board.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: options.queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Puentes queues' } },
  });
  const guard = async (request: Request, response: Response, next: NextFunction) => {
    const unauthenticated = new DomainError(
      'unauthenticated',
      'AUTH.QUEUE_DASHBOARD_COOKIE',
      'Open the queue dashboard from the web app as an admin (POST /api/v1/admin/queue-dashboard/session sets its cookie).',
    );
    try {
      if (request.method !== 'GET' && request.method !== 'HEAD')
        assertAllowedOrigin(request, options.corsOrigins);
      const token = parse(request.headers.cookie ?? '')[QUEUE_DASHBOARD_COOKIE];
      if (!token) return refuse(response, unauthenticated, request);
      let claims: { sub?: unknown; sid?: unknown };
      try {
        claims = await options.jwt.verifyAsync(token, {
          algorithms: [JWT_ALGORITHM],
          audience: AUDIENCE,
        });
      } catch {
        return refuse(response, unauthenticated, request);
      }
      const [row] = (await options.dataSource.query(
        `SELECT u.roles, EXISTS(SELECT 1 FROM sessions s
                                 WHERE s.id = $2 AND s.user_id = u.id AND s.ended_at IS NULL) AS live
           FROM users u WHERE u.id = $1 AND u.active`,
        [claims.sub, claims.sid],
      )) as { roles: string[]; live: boolean }[];
      if (!row?.live) {
        response.clearCookie(QUEUE_DASHBOARD_COOKIE, cookieOptions(request));
        return refuse(response, unauthenticated, request);
      }
      if (!row.roles.includes('admin'))
        return refuse(
          response,
          new DomainError('forbidden', 'AUTH.ROLE_REQUIRED', 'The queue dashboard is for admins.'),
          request,
        );
      next();
    } catch (error) {
      if (error instanceof DomainError) return refuse(response, error, request);
      next(error);
    }
  };
  const ownSourcesOnly = helmet.contentSecurityPolicy({
    directives: {
      styleSrc: ["'self'", "'unsafe-inline'"],
      fontSrc: ["'self'", 'data:'],
      upgradeInsecureRequests: null,
    },
  });
  return [ownSourcesOnly, guard, board.getRouter() as RequestHandler];
}
