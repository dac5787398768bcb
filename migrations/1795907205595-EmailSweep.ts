import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EmailSweep1795907205595 implements MigrationInterface {
  name = 'EmailSweep1795907205595';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_notifications_email_pending"`);
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD "email_sweep_after" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now() + interval '30 seconds'`,
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
