import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The anchored history: each workflow's head carries the service's Ed25519 signature, and
 * checkpoints (signed Merkle roots over every head) keep their leaves. Existing heads are left
 * unsigned here (the key is not the database's to know): the workers sign them at start-up
 * (`HeadBackfill`).
 */
export class AnchoredHistory1796060166585 implements MigrationInterface {
  name = 'AnchoredHistory1796060166585';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_checkpoints" ("id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "key_id" character varying(16) NOT NULL, "root" character(64) NOT NULL, "workflow_count" integer NOT NULL, "signature" text NOT NULL, "trigger" character varying(16) NOT NULL, "trigger_key" text, "created_by" uuid, CONSTRAINT "PK_ec62ec0b7b181580b1fa64e1167" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_audit_checkpoints_trigger_key" ON "audit_checkpoints"  ("trigger_key") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_audit_checkpoints_at" ON "audit_checkpoints"  ("at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "audit_checkpoint_leaves" ("checkpoint_id" uuid NOT NULL, "workflow_id" uuid NOT NULL, "seq" integer NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "PK_0ec3c5e6349d9a22c005b49f995" PRIMARY KEY ("checkpoint_id", "workflow_id"))`,
    );
    await queryRunner.query(`ALTER TABLE "workflows" ADD "head_signature" text`);
    await queryRunner.query(`ALTER TABLE "workflows" ADD "head_key_id" character varying(16)`);
    await queryRunner.query(
      `ALTER TABLE "audit_checkpoint_leaves" ADD CONSTRAINT "FK_9aa43b114cd41b430809d9c4041" FOREIGN KEY ("checkpoint_id") REFERENCES "audit_checkpoints"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "audit_checkpoint_leaves" DROP CONSTRAINT "FK_9aa43b114cd41b430809d9c4041"`,
    );
    await queryRunner.query(`ALTER TABLE "workflows" DROP COLUMN "head_key_id"`);
    await queryRunner.query(`ALTER TABLE "workflows" DROP COLUMN "head_signature"`);
    await queryRunner.query(`DROP TABLE "audit_checkpoint_leaves"`);
    await queryRunner.query(`DROP INDEX "public"."idx_audit_checkpoints_at"`);
    await queryRunner.query(`DROP INDEX "public"."uq_audit_checkpoints_trigger_key"`);
    await queryRunner.query(`DROP TABLE "audit_checkpoints"`);
  }
}
