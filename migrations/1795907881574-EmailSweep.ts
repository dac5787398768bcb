import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EmailSweep1795907881574 implements MigrationInterface {
  name = 'EmailSweep1795907881574';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_notifications_email_pending"`);
    // Rows already there may be swept at once; new rows get their time from the service.
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD "email_sweep_after" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`,
    );
    await queryRunner.query(
      `ALTER TABLE "notifications" ALTER COLUMN "email_sweep_after" DROP DEFAULT`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_notifications_email_sweep" ON "notifications"  ("email_sweep_after") WHERE email_status = 'pending'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_notifications_email_sweep"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "email_sweep_after"`);
    await queryRunner.query(
      `CREATE INDEX "idx_notifications_email_pending" ON "notifications" USING btree ("created_at") WHERE ((email_status)::text = 'pending'::text)`,
    );
  }
}
