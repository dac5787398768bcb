import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MeetingStatus1795909996627 implements MigrationInterface {
  name = 'MeetingStatus1795909996627';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "meetings" ADD "status" character varying(16) NOT NULL DEFAULT 'scheduled'`,
    );
    await queryRunner.query(`ALTER TABLE "meetings" ADD "sequence" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "meetings" ADD "cancellation_note" text`);
    await queryRunner.query(
      `ALTER TABLE "meetings" ADD CONSTRAINT "chk_meetings_status" CHECK (status IN ('scheduled', 'cancelled'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "meetings" DROP CONSTRAINT "chk_meetings_status"`);
    await queryRunner.query(`ALTER TABLE "meetings" DROP COLUMN "cancellation_note"`);
    await queryRunner.query(`ALTER TABLE "meetings" DROP COLUMN "sequence"`);
    await queryRunner.query(`ALTER TABLE "meetings" DROP COLUMN "status"`);
  }
}
