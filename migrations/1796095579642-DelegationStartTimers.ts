import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `deadline_timers.delegation_id`: the `start` timer of a delegation made ahead of its window,
 * which tells the delegate of the steps already waiting on them when it starts. The subject
 * check now admits exactly one of a step, an action item or a delegation.
 */
export class DelegationStartTimers1796095579642 implements MigrationInterface {
  name = 'DelegationStartTimers1796095579642';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "deadline_timers" ADD "delegation_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "deadline_timers" DROP CONSTRAINT "chk_deadline_timers_subject"`,
    );
    await queryRunner.query(`ALTER TABLE "deadline_timers" ADD CONSTRAINT "chk_deadline_timers_subject" CHECK ((step_id IS NOT NULL AND workflow_id IS NOT NULL AND action_item_id IS NULL AND delegation_id IS NULL)
   OR (action_item_id IS NOT NULL AND step_id IS NULL AND workflow_id IS NULL AND delegation_id IS NULL)
   OR (delegation_id IS NOT NULL AND step_id IS NULL AND workflow_id IS NULL AND action_item_id IS NULL))`);
    await queryRunner.query(
      `ALTER TABLE "deadline_timers" ADD CONSTRAINT "uq_deadline_timers_delegation_slot" UNIQUE ("delegation_id", "kind")`,
    );
    await queryRunner.query(
      `ALTER TABLE "deadline_timers" ADD CONSTRAINT "FK_5cfae2fda36779c6ebd9139d135" FOREIGN KEY ("delegation_id") REFERENCES "delegations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "deadline_timers" DROP CONSTRAINT "FK_5cfae2fda36779c6ebd9139d135"`,
    );
    await queryRunner.query(
      `ALTER TABLE "deadline_timers" DROP CONSTRAINT "uq_deadline_timers_delegation_slot"`,
    );
    await queryRunner.query(`DELETE FROM "deadline_timers" WHERE "delegation_id" IS NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "deadline_timers" DROP CONSTRAINT "chk_deadline_timers_subject"`,
    );
    await queryRunner.query(`ALTER TABLE "deadline_timers" DROP COLUMN "delegation_id"`);
    await queryRunner.query(`ALTER TABLE "deadline_timers" ADD CONSTRAINT "chk_deadline_timers_subject" CHECK ((step_id IS NOT NULL AND workflow_id IS NOT NULL AND action_item_id IS NULL)
   OR (action_item_id IS NOT NULL AND step_id IS NULL AND workflow_id IS NULL))`);
  }
}
