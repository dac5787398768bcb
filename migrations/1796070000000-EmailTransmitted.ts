import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `notifications.email_transmitted_at`: an attempt marks the moment it lets the message go to
 * the SMTP server, so a worker killed between the server's acceptance and the row's update
 * leaves evidence, and the email is marked unconfirmed instead of being sent twice.
 */
export class EmailTransmitted1796070000000 implements MigrationInterface {
  name = 'EmailTransmitted1796070000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD "email_transmitted_at" TIMESTAMP WITH TIME ZONE`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "email_transmitted_at"`);
  }
}
