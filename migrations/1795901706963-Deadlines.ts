import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Deadlines1795901706963 implements MigrationInterface {
  name = 'Deadlines1795901706963';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "deadline_timers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workflow_id" uuid NOT NULL, "step_id" uuid NOT NULL, "round" integer NOT NULL, "kind" character varying(16) NOT NULL, "ordinal" integer NOT NULL, "fire_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'pending', "notify" text array NOT NULL DEFAULT '{}', "fired_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_deadline_timers_slot" UNIQUE ("step_id", "round", "kind", "ordinal"), CONSTRAINT "PK_811e1026f914a4edb8095e8ff72" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_deadline_timers_pending" ON "deadline_timers"  ("fire_at") WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "type" character varying(32) NOT NULL, "dedup_key" character varying(200) NOT NULL, "workflow_id" uuid, "step_key" character varying(64), "locale" character varying(2) NOT NULL, "subject" text NOT NULL, "body" text NOT NULL, "html" text NOT NULL, "calendar" text, "read_at" TIMESTAMP WITH TIME ZONE, "email_status" character varying(16) NOT NULL DEFAULT 'pending', "email_attempts" integer NOT NULL DEFAULT '0', "email_locked_until" TIMESTAMP WITH TIME ZONE, "email_error" text, "message_id" character varying(200), "email_sent_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_4b9358d8a649bfbd1aac36de71d" UNIQUE ("dedup_key"), CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_notifications_email_pending" ON "notifications"  ("created_at") WHERE email_status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_notifications_user_created" ON "notifications"  ("user_id", "created_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "agencies" ADD "non_working_days" date array NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(
      `ALTER TABLE "deadline_timers" ADD CONSTRAINT "FK_d876d9fd213aad31d6079f17c13" FOREIGN KEY ("step_id") REFERENCES "workflow_steps"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "FK_9a8a82462cab47c73d25f49261f" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "notifications" DROP CONSTRAINT "FK_9a8a82462cab47c73d25f49261f"`,
    );
    await queryRunner.query(
      `ALTER TABLE "deadline_timers" DROP CONSTRAINT "FK_d876d9fd213aad31d6079f17c13"`,
    );
    await queryRunner.query(`ALTER TABLE "agencies" DROP COLUMN "non_working_days"`);
    await queryRunner.query(`DROP INDEX "public"."idx_notifications_user_created"`);
    await queryRunner.query(`DROP INDEX "public"."idx_notifications_email_pending"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
    await queryRunner.query(`DROP INDEX "public"."idx_deadline_timers_pending"`);
    await queryRunner.query(`DROP TABLE "deadline_timers"`);
  }
}
