import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { User } from './user.entity';

/** Why a session ended; `null` while it is live. */
export const SESSION_END_REASONS = [
  'logout',
  'idle_timeout',
  'refresh_token_reused',
  'password_changed',
  'password_reset',
  'user_deactivated',
] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

/**
 * One login: written only by `SessionsService`. It holds the SHA-256 of its current refresh
 * token (never the token), and the access tokens it issued carry its id (`sid`), so ending it
 * stops them at once.
 */
@Entity('sessions')
@Check('chk_sessions_ended', `(ended_at IS NULL) = (end_reason IS NULL)`)
@Check(
  'chk_sessions_end_reason',
  `end_reason IN (${SESSION_END_REASONS.map((r) => `'${r}'`).join(', ')})`,
)
export class Session {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  /** Hex SHA-256 of the current refresh token; looked up on every refresh. */
  @Index({ unique: true })
  @Column({ name: 'refresh_token_hash', type: 'char', length: 64 })
  refreshTokenHash: string;

  /** How many refresh tokens the session has had (1 at login, +1 per rotation). */
  @Column({ type: 'integer', default: 1 })
  generation: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** The last login or refresh; the idle limit counts from here. */
  @Column({ name: 'last_used_at', type: 'timestamptz', default: () => 'now()' })
  lastUsedAt: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ name: 'end_reason', type: 'varchar', length: 32, nullable: true })
  endReason: SessionEndReason | null;
}

/**
 * A refresh token a session has already used: presenting it again means someone else holds a
 * copy, so the session ends (refresh token rotation, RFC 9700).
 */
@Entity('session_rotated_tokens')
export class SessionRotatedToken {
  /** Hex SHA-256 of the used token. */
  @PrimaryColumn({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  @Index()
  @Column({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @ManyToOne(() => Session, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id' })
  session?: Session;

  @CreateDateColumn({ name: 'rotated_at', type: 'timestamptz' })
  rotatedAt: Date;
}
