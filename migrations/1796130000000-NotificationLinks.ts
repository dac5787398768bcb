import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a notice that is not about a workflow is about — a group's meeting or action item, a
 * delegation — so the inbox can link to its page as it links a workflow's notice to the
 * workflow. Nullable: workflow notices, checkpoints and the notices written before have none.
 */
export class NotificationLinks1796130000000 implements MigrationInterface {
  name = 'NotificationLinks1796130000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD "technical_group_code" character varying(32)`,
    );
    await queryRunner.query(`ALTER TABLE "notifications" ADD "meeting_id" uuid`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD "action_item_id" uuid`);
    await queryRunner.query(`ALTER TABLE "notifications" ADD "delegation_id" uuid`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "delegation_id"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "action_item_id"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "meeting_id"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "technical_group_code"`);
  }
}
