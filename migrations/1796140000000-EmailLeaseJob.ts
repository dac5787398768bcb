import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `notifications.email_lease_job`: the queue job whose run holds `email_lease`. When the queue
 * finds that job stalled (its worker died) and runs it again, the new run takes its emails
 * over at once instead of waiting for the lease to run out.
 */
export class EmailLeaseJob1796140000000 implements MigrationInterface {
  name = 'EmailLeaseJob1796140000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" ADD "email_lease_job" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "email_lease_job"`);
  }
}
