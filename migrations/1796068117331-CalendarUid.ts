import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each notification's calendar event UID in its own column, so the people who received a
 * deadline event can be found to withdraw it (METHOD:CANCEL) when the deadline no longer
 * applies. Filled from the stored calendars for the events sent before.
 */
export class CalendarUid1796068117331 implements MigrationInterface {
  name = 'CalendarUid1796068117331';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD "calendar_uid" character varying(200)`,
    );
    // UIDs are short enough (< 75 octets with "UID:") never to be folded across lines.
    await queryRunner.query(
      `UPDATE "notifications" SET "calendar_uid" = substring("calendar" from 'UID:([^\\r\\n]+)')
        WHERE "calendar" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_notifications_calendar_uid" ON "notifications" ("calendar_uid") WHERE calendar_uid IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_notifications_calendar_uid"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "calendar_uid"`);
  }
}
