import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { Country } from '@app/common/bilingual';

@Entity('agencies')
export class Agency {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 32, unique: true })
  code: string;

  @Column({ type: 'char', length: 2 })
  country: Country;

  @Column({ name: 'name_en', type: 'text' })
  nameEn: string;

  @Column({ name: 'name_es', type: 'text' })
  nameEs: string;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ name: 'time_zone', type: 'text' })
  timeZone: string;

  /**
   * Days this agency's offices are closed beyond the federal days of rest (each Mexican agency
   * publishes its own in the Diario Oficial): ISO dates, counted for steps it owns.
   */
  @Column({ name: 'non_working_days', type: 'date', array: true, default: '{}' })
  nonWorkingDays: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
