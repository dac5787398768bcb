import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drops the transactional outbox: jobs now go to their queues straight after the commit that
 * decided them, and the tables that say what is still to do (`notifications`' email state,
 * `deadline_timers`) are what their sweepers recover lost jobs from (see `AfterCommitJob`).
 * Rows still unrelayed when this runs lose nothing: their emails and timers are pending in those
 * tables, and the sweepers queue them.
 */
export class DropOutbox1796080000000 implements MigrationInterface {
  name = 'DropOutbox1796080000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_outbox_pending"`);
    await queryRunner.query(`DROP TABLE "outbox"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "outbox" ("id" BIGSERIAL NOT NULL, "topic" character varying(64) NOT NULL, "payload" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "processed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_outbox_pending" ON "outbox"  ("id") WHERE processed_at IS NULL`,
    );
  }
}
