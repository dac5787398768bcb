import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Email attempts record their outcome only under their own lease (exactly-once email). */
export class EmailLease1796059084305 implements MigrationInterface {
  name = 'EmailLease1796059084305';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" ADD "email_lease" uuid`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "email_lease"`);
  }
}
