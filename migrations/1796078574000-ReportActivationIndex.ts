import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reports (issue 12) read a step that ran more than one round from its history: its
 * `step_activated` events. Without an index they are found among every event of the workflow
 * (a few dozen rows from the heap per step); this partial index holds the activations alone,
 * by workflow and step key. Declared on the entity with `synchronize: false` (TypeORM cannot
 * declare a partial expression index).
 */
export class ReportActivationIndex1796078574000 implements MigrationInterface {
  name = 'ReportActivationIndex1796078574000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "idx_workflow_events_activations"
          ON "workflow_events" ("workflow_id", ((data->>'stepKey')))
       WHERE type = 'step_activated'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_workflow_events_activations"`);
  }
}
