import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795898392732 implements MigrationInterface {
  name = 'Initial1795898392732';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "idempotency_keys" ("user_id" uuid NOT NULL, "key" character varying(255) NOT NULL, "request_hash" character(64) NOT NULL, "response_status" integer, "response_body" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_392b1af86f210d98d3f0c764728" PRIMARY KEY ("user_id", "key"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_5e72f040fdc5efc8eef52a388c" ON "idempotency_keys"  ("created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "approval_chains" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" character varying(64) NOT NULL, "version" integer NOT NULL, "status" character varying(16) NOT NULL, "name_en" text NOT NULL, "name_es" text NOT NULL, "definition" jsonb NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_approval_chains_key_version" UNIQUE ("key", "version"), CONSTRAINT "PK_19e868fb98a0586dc06188affe0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "agencies" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(32) NOT NULL, "country" character(2) NOT NULL, "name_en" text NOT NULL, "name_es" text NOT NULL, "email" text, "time_zone" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_6acd8cc6374916c08b4d7f060c8" UNIQUE ("code"), CONSTRAINT "PK_8ab1f1f53f56c8255b0d7e68b28" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(254) NOT NULL, "name" text NOT NULL, "password_hash" text NOT NULL, "agency_id" uuid, "roles" text array NOT NULL, "locale" character varying(2) NOT NULL, "time_zone" text NOT NULL, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_97672ac88f789774dd47f7c8be3" UNIQUE ("email"), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_6fdb3282cea9ba5877ab476aa7" ON "users"  ("agency_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "technical_groups" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(32) NOT NULL, "name_en" text NOT NULL, "name_es" text NOT NULL, "mx_states" text array NOT NULL, "us_states" text array NOT NULL, "co_chair_mx_id" uuid NOT NULL, "co_chair_us_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_e1ae3e64f2fa1fa86cba075a960" UNIQUE ("code"), CONSTRAINT "PK_36ed493463e23e5ce275d188e71" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "technical_group_member_agencies" ("group_id" uuid NOT NULL, "agency_id" uuid NOT NULL, CONSTRAINT "PK_83f7aae3ab721390821934e3120" PRIMARY KEY ("group_id", "agency_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_d39c47ca72a56725e5a8eab27c" ON "technical_group_member_agencies"  ("group_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_6f3c3015bd85154d8172c31604" ON "technical_group_member_agencies"  ("agency_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "FK_6fdb3282cea9ba5877ab476aa76" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "technical_groups" ADD CONSTRAINT "FK_0f654dc7d8ed320521eafac7202" FOREIGN KEY ("co_chair_mx_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "technical_groups" ADD CONSTRAINT "FK_56e95193c6cfba81b0794cdb85a" FOREIGN KEY ("co_chair_us_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "technical_group_member_agencies" ADD CONSTRAINT "FK_d39c47ca72a56725e5a8eab27cf" FOREIGN KEY ("group_id") REFERENCES "technical_groups"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "technical_group_member_agencies" ADD CONSTRAINT "FK_6f3c3015bd85154d8172c316049" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "technical_group_member_agencies" DROP CONSTRAINT "FK_6f3c3015bd85154d8172c316049"`,
    );
    await queryRunner.query(
      `ALTER TABLE "technical_group_member_agencies" DROP CONSTRAINT "FK_d39c47ca72a56725e5a8eab27cf"`,
    );
    await queryRunner.query(
      `ALTER TABLE "technical_groups" DROP CONSTRAINT "FK_56e95193c6cfba81b0794cdb85a"`,
    );
    await queryRunner.query(
      `ALTER TABLE "technical_groups" DROP CONSTRAINT "FK_0f654dc7d8ed320521eafac7202"`,
    );
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_6fdb3282cea9ba5877ab476aa76"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6f3c3015bd85154d8172c31604"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d39c47ca72a56725e5a8eab27c"`);
    await queryRunner.query(`DROP TABLE "technical_group_member_agencies"`);
    await queryRunner.query(`DROP TABLE "technical_groups"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6fdb3282cea9ba5877ab476aa7"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP TABLE "agencies"`);
    await queryRunner.query(`DROP TABLE "approval_chains"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5e72f040fdc5efc8eef52a388c"`);
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
  }
}
