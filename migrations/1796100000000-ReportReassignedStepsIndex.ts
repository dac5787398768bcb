import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reports (issue 12) charge each seat of a step to the agency that holds it. A step whose
 * one assignee is an agency is read from its row alone, unless an admin reassigned it: those
 * few steps (`assignees` set) are found through this partial index instead of a second pass
 * over every step. Declared on the entity with `synchronize: false`.
 */
export class ReportReassignedStepsIndex1796100000000 implements MigrationInterface {
  name = 'ReportReassignedStepsIndex1796100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "idx_workflow_steps_reassigned" ON "workflow_steps" ("key")
       WHERE assignees IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_workflow_steps_reassigned"`);
  }
}
