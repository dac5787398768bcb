import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delegations (suplencia): who signs in whose place, for how long, on which legal basis; and
 * each workflow step's own assignees once an admin reassigned one (null: the chain's).
 */
export class Suplencia1796077517704 implements MigrationInterface {
  name = 'Suplencia1796077517704';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "delegations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "delegator_id" uuid NOT NULL, "delegate_id" uuid NOT NULL, "agency_id" uuid, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "legal_basis" character varying(500) NOT NULL, "reference" character varying(500), "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_by" uuid, CONSTRAINT "chk_delegations_window" CHECK (starts_at < ends_at), CONSTRAINT "PK_01f9fbbc9b3bf52236a4e951b19" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_delegations_delegator" ON "delegations"  ("delegator_id", "ends_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_delegations_delegate" ON "delegations"  ("delegate_id", "ends_at") `,
    );
    await queryRunner.query(`ALTER TABLE "workflow_steps" ADD "assignees" text array`);
    await queryRunner.query(
      `ALTER TABLE "delegations" ADD CONSTRAINT "FK_65cb96f7573dd182ad4ec259f9a" FOREIGN KEY ("delegator_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "delegations" ADD CONSTRAINT "FK_343ec2641e2831522ca623b7d80" FOREIGN KEY ("delegate_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "delegations" DROP CONSTRAINT "FK_343ec2641e2831522ca623b7d80"`,
    );
    await queryRunner.query(
      `ALTER TABLE "delegations" DROP CONSTRAINT "FK_65cb96f7573dd182ad4ec259f9a"`,
    );
    await queryRunner.query(`ALTER TABLE "workflow_steps" DROP COLUMN "assignees"`);
    await queryRunner.query(`DROP INDEX "public"."idx_delegations_delegate"`);
    await queryRunner.query(`DROP INDEX "public"."idx_delegations_delegator"`);
    await queryRunner.query(`DROP TABLE "delegations"`);
  }
}
