import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reports (issue 12) read a step that ran more than one round (or was reset, cancelled or
 * sent back for changes) from its history: its `step_activated` events. Two partial indexes:
 * those few steps (else found by reading all of `workflow_steps` again), and the activations
 * alone by workflow and step key (else found among every event of the workflow, a few dozen
 * heap rows per step). The step predicate is the reports' own condition, word for word, so
 * the planner can prove it. Declared on the entities with `synchronize: false` (TypeORM
 * cannot declare these partial indexes).
 */
export class ReportActivationIndex1796078574000 implements MigrationInterface {
  name = 'ReportActivationIndex1796078574000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "idx_workflow_events_activations"
          ON "workflow_events" ("workflow_id", ((data->>'stepKey')))
       WHERE type = 'step_activated'`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_workflow_steps_rounds" ON "workflow_steps" ("workflow_id")
       WHERE round > 0 AND NOT (round = 1 AND status IN ('active', 'approved', 'rejected'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_workflow_steps_rounds"`);
    await queryRunner.query(`DROP INDEX "idx_workflow_events_activations"`);
  }
}
