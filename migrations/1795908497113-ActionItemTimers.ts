import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ActionItemTimers1795908497113 implements MigrationInterface {
  name = 'ActionItemTimers1795908497113';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // A timer is now about a workflow step or about a technical group's action item.
    await queryRunner.query(`ALTER TABLE "deadline_timers" ADD "action_item_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "deadline_timers" ALTER COLUMN "workflow_id" DROP NOT NULL`,
    );
    await queryRunner.query(`ALTER TABLE "deadline_timers" ALTER COLUMN "step_id" DROP NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "deadline_timers" ADD CONSTRAINT "chk_deadline_timers_subject" CHECK ((step_id IS NOT NULL AND workflow_id IS NOT NULL AND action_item_id IS NULL)
   OR (action_item_id IS NOT NULL AND step_id IS NULL AND workflow_id IS NULL))`,
    );
    await queryRunner.query(
      `ALTER TABLE "deadline_timers" ADD CONSTRAINT "uq_deadline_timers_action_item_slot" UNIQUE ("action_item_id", "round", "kind", "ordinal")`,
    );
    await queryRunner.query(
      `ALTER TABLE "deadline_timers" ADD CONSTRAINT "FK_aacfa279b7db71e14d35c2a6a95" FOREIGN KEY ("action_item_id") REFERENCES "action_items"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "deadline_timers" DROP CONSTRAINT "FK_aacfa279b7db71e14d35c2a6a95"`,
    );
    await queryRunner.query(
      `ALTER TABLE "deadline_timers" DROP CONSTRAINT "uq_deadline_timers_action_item_slot"`,
    );
    await queryRunner.query(
      `ALTER TABLE "deadline_timers" DROP CONSTRAINT "chk_deadline_timers_subject"`,
    );
    // Action items' timers have no place in the older table.
    await queryRunner.query(`DELETE FROM "deadline_timers" WHERE "action_item_id" IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "deadline_timers" ALTER COLUMN "step_id" SET NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "deadline_timers" ALTER COLUMN "workflow_id" SET NOT NULL`,
    );
    await queryRunner.query(`ALTER TABLE "deadline_timers" DROP COLUMN "action_item_id"`);
  }
}
