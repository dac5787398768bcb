import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  JoinTable,
  ManyToMany,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Agency } from '@app/modules/identity/entities/agency.entity';
import { User } from '@app/modules/identity/entities/user.entity';

/** A regional binational technical group, co-chaired by one Mexican and one U.S. official. */
@Entity('technical_groups')
export class TechnicalGroup {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 32, unique: true })
  code: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn: string;

  @Column({ name: 'name_es', type: 'text' })
  nameEs: string;

  /** ISO 3166-2 subdivision codes without the country prefix (SON, CHH…). */
  @Column({ name: 'mx_states', type: 'text', array: true })
  mxStates: string[];

  @Column({ name: 'us_states', type: 'text', array: true })
  usStates: string[];

  @Column({ name: 'co_chair_mx_id', type: 'uuid' })
  coChairMxId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'co_chair_mx_id' })
  coChairMx?: User;

  @Column({ name: 'co_chair_us_id', type: 'uuid' })
  coChairUsId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'co_chair_us_id' })
  coChairUs?: User;

  @ManyToMany(() => Agency)
  @JoinTable({
    name: 'technical_group_member_agencies',
    joinColumn: { name: 'group_id' },
    inverseJoinColumn: { name: 'agency_id' },
  })
  memberAgencies?: Agency[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
