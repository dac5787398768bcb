import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reports (issue 12): cycle times ask which workflows ever had a request for changes or a
 * return; a partial index holds only those few events, so the rework rate does not scan the
 * whole history. Declared on the entity with `synchronize: false` (TypeORM cannot declare a
 * partial index on an expression list it does not model).
 */
export class ReportIndexes1796070000000 implements MigrationInterface {
  name = 'ReportIndexes1796070000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "idx_workflow_events_rework" ON "workflow_events" ("workflow_id")
        WHERE type IN ('changes_requested', 'workflow_returned')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_workflow_events_rework"`);
  }
}
