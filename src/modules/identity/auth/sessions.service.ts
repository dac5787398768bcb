import { createHash, randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '@app/common/errors/domain-error';
import { InjectConfig, type RuntimeConfig } from '@app/config/runtime-config';
import type { SessionEndReason } from '../entities/session.entity';

/** A refresh token is 256 random bits, base64url without padding: 43 characters. */
const REFRESH_TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

/** Hex SHA-256: what `sessions` keeps instead of the token itself. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

const invalidRefreshToken = () =>
  new DomainError(
    'unauthenticated',
    'AUTH.REFRESH_TOKEN_INVALID',
    'A valid refresh cookie is required; log in again.',
  );

/** A session's fresh refresh token, to be set as the cookie. */
export interface IssuedRefreshToken {
  sessionId: string;
  userId: string;
  /** The raw token: sent to the client once, never stored. */
  refreshToken: string;
}

/**
 * The only writer of `sessions` and `session_rotated_tokens`. A session is one login; its
 * refresh token is single-use and rotates on each refresh, and a used one presented again ends
 * the session (someone else holds a copy). The auth guard reads `sessions.ended_at` on every
 * request, so ending a session stops its access tokens at once.
 */
@Injectable()
export class SessionsService {
  private readonly logger = new Logger('Sessions');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectConfig() private readonly config: RuntimeConfig,
  ) {}

  /** Seconds a refresh token may go unused before its session ends (`SESSION_IDLE_DAYS`). */
  get idleLimitSeconds(): number {
    return this.config.sessionIdleDays * 86_400;
  }

  /** Starts a session for a user who has just proved who they are. */
  async start(userId: string, manager: EntityManager = this.dataSource.manager) {
    const refreshToken = newRefreshToken();
    const [row] = (await manager.query(
      `INSERT INTO sessions (user_id, refresh_token_hash) VALUES ($1, $2) RETURNING id`,
      [userId, hashRefreshToken(refreshToken)],
    )) as { id: string }[];
    return { sessionId: row.id, userId, refreshToken } satisfies IssuedRefreshToken;
  }

  /**
   * Exchanges a session's current refresh token for the next one. Throws
   * `AUTH.REFRESH_TOKEN_INVALID` (401) for anything else; a token the session has already
   * used ends that session first (token theft), as does one idle longer than the limit or one
   * whose user was deactivated.
   */
  async rotate(refreshToken: string): Promise<IssuedRefreshToken> {
    if (!REFRESH_TOKEN_FORMAT.test(refreshToken)) throw invalidRefreshToken();
    const presented = hashRefreshToken(refreshToken);
    const rotated = await this.dataSource.transaction(async (manager) => {
      // FOR UPDATE: of two refreshes racing with one token, the second waits, finds the hash
      // changed, and is treated as the reuse it is.
      const [session] = (await manager.query(
        `SELECT s.id, s.user_id, u.active,
                s.last_used_at < now() - make_interval(days => $2) AS idle
           FROM sessions s JOIN users u ON u.id = s.user_id
          WHERE s.refresh_token_hash = $1 AND s.ended_at IS NULL
            FOR UPDATE OF s`,
        [presented, this.config.sessionIdleDays],
      )) as { id: string; user_id: string; active: boolean; idle: boolean }[];
      if (!session) return undefined;
      if (session.idle || !session.active) {
        const reason = session.active ? 'idle_timeout' : 'user_deactivated';
        await this.endWhere(manager, 'id = $1', [session.id], reason);
        return null;
      }
      const next = newRefreshToken();
      await manager.query(
        `INSERT INTO session_rotated_tokens (token_hash, session_id) VALUES ($1, $2)`,
        [presented, session.id],
      );
      await manager.query(
        `UPDATE sessions
            SET refresh_token_hash = $2, generation = generation + 1, last_used_at = now()
          WHERE id = $1`,
        [session.id, hashRefreshToken(next)],
      );
      return { sessionId: session.id, userId: session.user_id, refreshToken: next };
    });
    if (rotated) return rotated;
    if (rotated === undefined) {
      const ended = await this.endWhere(
        this.dataSource.manager,
        `id = (SELECT session_id FROM session_rotated_tokens WHERE token_hash = $1)`,
        [presented],
        'refresh_token_reused',
      );
      if (ended > 0) this.logger.warn('A used refresh token was presented again: session ended');
    }
    throw invalidRefreshToken();
  }

  /** Ends one session (no-op when it has ended already). */
  async end(sessionId: string, reason: SessionEndReason): Promise<void> {
    await this.endWhere(this.dataSource.manager, 'id = $1', [sessionId], reason);
  }

  /**
   * Ends the session a refresh token belongs to, current or already used; an unknown or
   * malformed token is a no-op.
   */
  async endByRefreshToken(refreshToken: string, reason: SessionEndReason): Promise<void> {
    if (!REFRESH_TOKEN_FORMAT.test(refreshToken)) return;
    await this.endWhere(
      this.dataSource.manager,
      `(refresh_token_hash = $1
        OR id = (SELECT session_id FROM session_rotated_tokens WHERE token_hash = $1))`,
      [hashRefreshToken(refreshToken)],
      reason,
    );
  }

  /**
   * Ends every live session of a user, but `exceptSessionId` when given. Pass the manager of
   * the transaction that changes the password or deactivates the user, so both happen or none.
   * Returns how many sessions ended.
   */
  async endAllOfUser(
    userId: string,
    reason: SessionEndReason,
    options: { exceptSessionId?: string; manager?: EntityManager } = {},
  ): Promise<number> {
    const manager = options.manager ?? this.dataSource.manager;
    if (options.exceptSessionId)
      return this.endWhere(
        manager,
        'user_id = $1 AND id <> $2',
        [userId, options.exceptSessionId],
        reason,
      );
    return this.endWhere(manager, 'user_id = $1', [userId], reason);
  }

  private async endWhere(
    manager: EntityManager,
    condition: string,
    values: unknown[],
    reason: SessionEndReason,
  ): Promise<number> {
    const [, count] = (await manager.query(
      `UPDATE sessions SET ended_at = now(), end_reason = $${values.length + 1}
        WHERE ended_at IS NULL AND ${condition}`,
      [...values, reason],
    )) as [unknown, number];
    return count;
  }
}
