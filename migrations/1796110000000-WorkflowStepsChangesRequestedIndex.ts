import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `GET /workflows?changesRequested=true` (a coordinator's trámites waiting for a resubmission)
 * and the `changesRequested` steps of every summary read the few steps sent back for changes:
 * this partial index holds just them, so the search stays one index lookup away from them
 * however many workflows there are. Declared on the entity with `synchronize: false`.
 */
export class WorkflowStepsChangesRequestedIndex1796110000000 implements MigrationInterface {
  name = 'WorkflowStepsChangesRequestedIndex1796110000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "idx_workflow_steps_changes_requested" ON "workflow_steps" ("workflow_id")
       WHERE status = 'changes_requested'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_workflow_steps_changes_requested"`);
  }
}
