import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Sessions1796056989826 implements MigrationInterface {
  name = 'Sessions1796056989826';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "refresh_token_hash" character(64) NOT NULL, "generation" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "ended_at" TIMESTAMP WITH TIME ZONE, "end_reason" character varying(32), CONSTRAINT "chk_sessions_end_reason" CHECK (end_reason IN ('logout', 'idle_timeout', 'refresh_token_reused', 'password_changed', 'password_reset', 'user_deactivated')), CONSTRAINT "chk_sessions_ended" CHECK ((ended_at IS NULL) = (end_reason IS NULL)), CONSTRAINT "PK_3238ef96f18b355b671619111bc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_085d540d9f418cfbdc7bd55bb1" ON "sessions"  ("user_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_d6185b2849a1e4d0c067a57ca8" ON "sessions"  ("refresh_token_hash") `,
    );
    await queryRunner.query(
      `CREATE TABLE "session_rotated_tokens" ("token_hash" character(64) NOT NULL, "session_id" uuid NOT NULL, "rotated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_dc21def0e2bcc92e5e66497c530" PRIMARY KEY ("token_hash"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_ff430e919c60953c250cc5fcb6" ON "session_rotated_tokens"  ("session_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "sessions" ADD CONSTRAINT "FK_085d540d9f418cfbdc7bd55bb19" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "session_rotated_tokens" ADD CONSTRAINT "FK_ff430e919c60953c250cc5fcb6c" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "session_rotated_tokens" DROP CONSTRAINT "FK_ff430e919c60953c250cc5fcb6c"`,
    );
    await queryRunner.query(
      `ALTER TABLE "sessions" DROP CONSTRAINT "FK_085d540d9f418cfbdc7bd55bb19"`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_ff430e919c60953c250cc5fcb6"`);
    await queryRunner.query(`DROP TABLE "session_rotated_tokens"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d6185b2849a1e4d0c067a57ca8"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_085d540d9f418cfbdc7bd55bb1"`);
    await queryRunner.query(`DROP TABLE "sessions"`);
  }
}
