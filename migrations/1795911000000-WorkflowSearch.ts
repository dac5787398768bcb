import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `GET /workflows` over 100,000 workflows in one indexed query: each workflow keeps the union
 * of its active steps' open signature slots (`awaiting`) and their soonest deadline
 * (`next_due_at`), written by every workflow write; the indexes serve the two sorts
 * (`-startedAt`, `dueAt`) and the "whose turn" filters (`agency`, `ballIsWith`).
 */
export class WorkflowSearch1795911000000 implements MigrationInterface {
  name = 'WorkflowSearch1795911000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "workflows" ADD "awaiting" text array NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(`ALTER TABLE "workflows" ADD "next_due_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `UPDATE workflows w
          SET awaiting = open.awaiting, next_due_at = open.next_due_at
         FROM (SELECT s.workflow_id,
                      COALESCE(array_agg(DISTINCT slot) FILTER (WHERE slot IS NOT NULL), '{}') AS awaiting,
                      min(s.due_at) AS next_due_at
                 FROM workflow_steps s
                 LEFT JOIN LATERAL unnest(s.awaiting) AS slot ON true
                WHERE s.status = 'active'
                GROUP BY s.workflow_id) open
        WHERE open.workflow_id = w.id`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_workflows_started" ON "workflows" ("started_at" DESC, "id" DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_workflows_next_due" ON "workflows" ("next_due_at" ASC NULLS LAST, "started_at" DESC, "id" DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_workflows_active_awaiting" ON "workflows" USING gin ("awaiting") WHERE status = 'active'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_workflows_active_awaiting"`);
    await queryRunner.query(`DROP INDEX "public"."idx_workflows_next_due"`);
    await queryRunner.query(`DROP INDEX "public"."idx_workflows_started"`);
    await queryRunner.query(`ALTER TABLE "workflows" DROP COLUMN "next_due_at"`);
    await queryRunner.query(`ALTER TABLE "workflows" DROP COLUMN "awaiting"`);
  }
}
