import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Approvals1795900431826 implements MigrationInterface {
  name = 'Approvals1795900431826';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "outbox" ("id" BIGSERIAL NOT NULL, "topic" character varying(64) NOT NULL, "payload" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "processed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_outbox_pending" ON "outbox"  ("id") WHERE processed_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "projects" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(32) NOT NULL, "name_en" text NOT NULL, "name_es" text NOT NULL, "type" character varying(32) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'active', "technical_group_id" uuid, "attributes" jsonb NOT NULL DEFAULT '{}', "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_d95a87318392465ab663a32cc4f" UNIQUE ("code"), CONSTRAINT "PK_6271df0a7aed1d6c0691ce6ac50" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_883ad450c995f300658eb98ec2" ON "projects"  ("type") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_a27865a7be17886e3088f4a650" ON "projects"  ("status") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_8696c97e59bc60f9d519521267" ON "projects"  ("technical_group_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "workflows" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "project_id" uuid NOT NULL, "chain_id" uuid NOT NULL, "chain_key" character varying(64) NOT NULL, "chain_version" integer NOT NULL, "status" character varying(16) NOT NULL, "coordinator_id" uuid NOT NULL, "attributes" jsonb NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL DEFAULT '0', "last_seq" integer NOT NULL DEFAULT '0', "last_hash" character(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5b5757cc1cd86268019fef52e0c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_376276dcfa299f6483d37c83cc" ON "workflows"  ("project_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_6598dfc0de9a832132bf691e67" ON "workflows"  ("coordinator_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "workflow_steps" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workflow_id" uuid NOT NULL, "key" character varying(64) NOT NULL, "position" integer NOT NULL, "awaiting" text array NOT NULL DEFAULT '{}', "status" character varying(24) NOT NULL, "round" integer NOT NULL DEFAULT '0', "activated_at" TIMESTAMP WITH TIME ZONE, "due_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "escalation_level" integer NOT NULL DEFAULT '0', CONSTRAINT "uq_workflow_steps_workflow_key" UNIQUE ("workflow_id", "key"), CONSTRAINT "PK_b602e5ecb22943db11c96a7f31c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_workflow_steps_active_due" ON "workflow_steps"  ("due_at") WHERE status = 'active'`,
    );
    // Written by hand (TypeORM cannot declare it): the task inbox finds the open signature
    // slots of active steps through this index.
    await queryRunner.query(
      `CREATE INDEX "idx_workflow_steps_active_awaiting" ON "workflow_steps" USING gin ("awaiting") WHERE status = 'active'`,
    );
    await queryRunner.query(
      `CREATE TABLE "step_decisions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "step_id" uuid NOT NULL, "round" integer NOT NULL, "assignee" character varying(80) NOT NULL, "seat" character varying(8) NOT NULL, "decision" character varying(24) NOT NULL, "comment" text, "decided_by" uuid, "decided_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "uq_step_decisions_signature" UNIQUE ("step_id", "round", "assignee", "seat"), CONSTRAINT "PK_a384b880aafffe67666c9ffbdad" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "workflow_events" ("workflow_id" uuid NOT NULL, "seq" integer NOT NULL, "type" character varying(40) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_id" uuid, "data" jsonb NOT NULL, "prev_hash" character(64) NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "PK_bf23c4488286bde7cc428a7020f" PRIMARY KEY ("workflow_id", "seq"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "projects" ADD CONSTRAINT "FK_8696c97e59bc60f9d5195212672" FOREIGN KEY ("technical_group_id") REFERENCES "technical_groups"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "projects" ADD CONSTRAINT "FK_8a7ccdb94bcc8635f933c8f8080" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "workflows" ADD CONSTRAINT "FK_376276dcfa299f6483d37c83ccb" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "workflows" ADD CONSTRAINT "FK_7ef29c1cd7db9749a7c56cda63c" FOREIGN KEY ("chain_id") REFERENCES "approval_chains"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "workflows" ADD CONSTRAINT "FK_6598dfc0de9a832132bf691e671" FOREIGN KEY ("coordinator_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "workflow_steps" ADD CONSTRAINT "FK_02f0092e12343bfed27bb65fa89" FOREIGN KEY ("workflow_id") REFERENCES "workflows"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "step_decisions" ADD CONSTRAINT "FK_de02b36b4926de218e3c875162c" FOREIGN KEY ("step_id") REFERENCES "workflow_steps"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "step_decisions" ADD CONSTRAINT "FK_6ab9f877195e3a21fb553505e48" FOREIGN KEY ("decided_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "workflow_events" ADD CONSTRAINT "FK_0224edb780b668df552bd893613" FOREIGN KEY ("workflow_id") REFERENCES "workflows"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "workflow_events" DROP CONSTRAINT "FK_0224edb780b668df552bd893613"`,
    );
    await queryRunner.query(
      `ALTER TABLE "step_decisions" DROP CONSTRAINT "FK_6ab9f877195e3a21fb553505e48"`,
    );
    await queryRunner.query(
      `ALTER TABLE "step_decisions" DROP CONSTRAINT "FK_de02b36b4926de218e3c875162c"`,
    );
    await queryRunner.query(
      `ALTER TABLE "workflow_steps" DROP CONSTRAINT "FK_02f0092e12343bfed27bb65fa89"`,
    );
    await queryRunner.query(
      `ALTER TABLE "workflows" DROP CONSTRAINT "FK_6598dfc0de9a832132bf691e671"`,
    );
    await queryRunner.query(
      `ALTER TABLE "workflows" DROP CONSTRAINT "FK_7ef29c1cd7db9749a7c56cda63c"`,
    );
    await queryRunner.query(
      `ALTER TABLE "workflows" DROP CONSTRAINT "FK_376276dcfa299f6483d37c83ccb"`,
    );
    await queryRunner.query(
      `ALTER TABLE "projects" DROP CONSTRAINT "FK_8a7ccdb94bcc8635f933c8f8080"`,
    );
    await queryRunner.query(
      `ALTER TABLE "projects" DROP CONSTRAINT "FK_8696c97e59bc60f9d5195212672"`,
    );
    await queryRunner.query(`DROP TABLE "workflow_events"`);
    await queryRunner.query(`DROP TABLE "step_decisions"`);
    await queryRunner.query(`DROP INDEX "public"."idx_workflow_steps_active_awaiting"`);
    await queryRunner.query(`DROP INDEX "public"."idx_workflow_steps_active_due"`);
    await queryRunner.query(`DROP TABLE "workflow_steps"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6598dfc0de9a832132bf691e67"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_376276dcfa299f6483d37c83cc"`);
    await queryRunner.query(`DROP TABLE "workflows"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8696c97e59bc60f9d519521267"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a27865a7be17886e3088f4a650"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_883ad450c995f300658eb98ec2"`);
    await queryRunner.query(`DROP TABLE "projects"`);
    await queryRunner.query(`DROP INDEX "public"."idx_outbox_pending"`);
    await queryRunner.query(`DROP TABLE "outbox"`);
  }
}
