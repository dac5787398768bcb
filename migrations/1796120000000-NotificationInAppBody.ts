import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `notifications.in_app_body`: what the inbox shows, the message without the email's greeting,
 * link and signature; `body` stays the email's text, which the email worker sends. Nullable:
 * the notifications written before it keep showing their email's text.
 */
export class NotificationInAppBody1796120000000 implements MigrationInterface {
  name = 'NotificationInAppBody1796120000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" ADD "in_app_body" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "in_app_body"`);
  }
}
