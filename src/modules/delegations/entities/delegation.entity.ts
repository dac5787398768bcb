import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { User } from '@app/modules/identity/entities/user.entity';

/**
 * A suplencia: the delegate signs in the delegator's place from `startsAt` (inclusive) to
 * `endsAt` (exclusive), unless revoked first. Its status is never stored: it follows from the
 * clock (see `delegationStatus`), so a delegation takes effect and ends at its instant.
 */
@Entity('delegations')
@Check('chk_delegations_window', `starts_at < ends_at`)
@Index('idx_delegations_delegate', ['delegateId', 'endsAt'])
@Index('idx_delegations_delegator', ['delegatorId', 'endsAt'])
// The delegations in force at an instant (`delegationsInForce`, read by every notice that asks
// for a decision): those not yet ended, a few among the years of ended ones kept as record.
@Index('idx_delegations_ends_at', ['endsAt'])
export class Delegation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'delegator_id', type: 'uuid' })
  delegatorId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'delegator_id' })
  delegator?: User;

  @Column({ name: 'delegate_id', type: 'uuid' })
  delegateId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'delegate_id' })
  delegate?: User;

  /** The delegator's agency when the delegation was made. */
  @Column({ name: 'agency_id', type: 'uuid', nullable: true })
  agencyId: string | null;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;

  @Column({ name: 'legal_basis', type: 'varchar', length: 500 })
  legalBasis: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reference: string | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'revoked_by', type: 'uuid', nullable: true })
  revokedBy: string | null;
}
