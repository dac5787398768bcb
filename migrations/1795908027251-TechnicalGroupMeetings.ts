import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TechnicalGroupMeetings1795908027251 implements MigrationInterface {
  name = 'TechnicalGroupMeetings1795908027251';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "meetings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "group_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "title_en" text NOT NULL, "title_es" text NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "time_zone" text NOT NULL, "duration_minutes" integer NOT NULL, "place" text, "link" text, "agenda_generated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_aa73be861afa77eb4ed31f3ed57" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_meetings_group_starts" ON "meetings"  ("group_id", "starts_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "action_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "group_id" uuid NOT NULL, "meeting_id" uuid NOT NULL, "title_en" text NOT NULL, "title_es" text NOT NULL, "owner_agency_id" uuid NOT NULL, "due_date" date NOT NULL, "due_rule" jsonb, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'open', "closed_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5a84b168b001636b379312104ab" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_action_items_open_due" ON "action_items"  ("due_at") WHERE status = 'open'`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_action_items_meeting" ON "action_items"  ("meeting_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_action_items_group_status" ON "action_items"  ("group_id", "status") `,
    );
    await queryRunner.query(
      `CREATE TABLE "meeting_agenda_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "meeting_id" uuid NOT NULL, "position" integer NOT NULL, "source" character varying(16) NOT NULL, "title_en" text NOT NULL, "title_es" text NOT NULL, "project_id" uuid, "steps" jsonb NOT NULL DEFAULT '[]', CONSTRAINT "PK_3280eed23ac5b58a23c8cf42ca0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_meeting_agenda_items_meeting" ON "meeting_agenda_items"  ("meeting_id", "position") `,
    );
    await queryRunner.query(
      `CREATE TABLE "technical_group_events" ("id" BIGSERIAL NOT NULL, "group_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "type" character varying(32) NOT NULL, "actor_id" uuid, "data" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_be0ab371314ea16850dfd46a707" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_technical_group_events_group" ON "technical_group_events"  ("group_id", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "technical_group_members" ("group_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" character varying(16) NOT NULL, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "chk_technical_group_members_role" CHECK (role IN ('member', 'observer')), CONSTRAINT "PK_29159eee78cc172eac6157052d6" PRIMARY KEY ("group_id", "user_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_technical_group_members_user" ON "technical_group_members"  ("user_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "meeting_minutes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "meeting_id" uuid NOT NULL, "version" integer NOT NULL, "status" character varying(16) NOT NULL, "decisions" jsonb NOT NULL, "present_agency_ids" uuid array NOT NULL, "correction_note" text, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, "published_by" uuid, CONSTRAINT "uq_meeting_minutes_version" UNIQUE ("meeting_id", "version"), CONSTRAINT "PK_131d742848db3ee132d63b25ecd" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_meeting_minutes_one_draft" ON "meeting_minutes"  ("meeting_id") WHERE status = 'draft'`,
    );
    await queryRunner.query(
      `ALTER TABLE "meetings" ADD CONSTRAINT "FK_b8d9171573c66a49ad9f6486052" FOREIGN KEY ("group_id") REFERENCES "technical_groups"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "action_items" ADD CONSTRAINT "FK_c7e1a9afe8fbcef86d722a3904a" FOREIGN KEY ("group_id") REFERENCES "technical_groups"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "action_items" ADD CONSTRAINT "FK_8f5712e4d1a50ebf15896257021" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "action_items" ADD CONSTRAINT "FK_48efd0f9027bf7e60d7579257d1" FOREIGN KEY ("owner_agency_id") REFERENCES "agencies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "meeting_agenda_items" ADD CONSTRAINT "FK_16d1915521f397380a03b33cea0" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "technical_group_events" ADD CONSTRAINT "FK_7cce173e55bcc7eb1779bb506e7" FOREIGN KEY ("group_id") REFERENCES "technical_groups"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "technical_group_members" ADD CONSTRAINT "FK_9d004c126a2346276c3afd63fc2" FOREIGN KEY ("group_id") REFERENCES "technical_groups"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "technical_group_members" ADD CONSTRAINT "FK_ad91ef3eccaab965054a4e8b414" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "meeting_minutes" ADD CONSTRAINT "FK_8d196aa03411be2d356cf549e62" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "meeting_minutes" DROP CONSTRAINT "FK_8d196aa03411be2d356cf549e62"`,
    );
    await queryRunner.query(
      `ALTER TABLE "technical_group_members" DROP CONSTRAINT "FK_ad91ef3eccaab965054a4e8b414"`,
    );
    await queryRunner.query(
      `ALTER TABLE "technical_group_members" DROP CONSTRAINT "FK_9d004c126a2346276c3afd63fc2"`,
    );
    await queryRunner.query(
      `ALTER TABLE "technical_group_events" DROP CONSTRAINT "FK_7cce173e55bcc7eb1779bb506e7"`,
    );
    await queryRunner.query(
      `ALTER TABLE "meeting_agenda_items" DROP CONSTRAINT "FK_16d1915521f397380a03b33cea0"`,
    );
    await queryRunner.query(
      `ALTER TABLE "action_items" DROP CONSTRAINT "FK_48efd0f9027bf7e60d7579257d1"`,
    );
    await queryRunner.query(
      `ALTER TABLE "action_items" DROP CONSTRAINT "FK_8f5712e4d1a50ebf15896257021"`,
    );
    await queryRunner.query(
      `ALTER TABLE "action_items" DROP CONSTRAINT "FK_c7e1a9afe8fbcef86d722a3904a"`,
    );
    await queryRunner.query(
      `ALTER TABLE "meetings" DROP CONSTRAINT "FK_b8d9171573c66a49ad9f6486052"`,
    );
    await queryRunner.query(`DROP INDEX "public"."uq_meeting_minutes_one_draft"`);
    await queryRunner.query(`DROP TABLE "meeting_minutes"`);
    await queryRunner.query(`DROP INDEX "public"."idx_technical_group_members_user"`);
    await queryRunner.query(`DROP TABLE "technical_group_members"`);
    await queryRunner.query(`DROP INDEX "public"."idx_technical_group_events_group"`);
    await queryRunner.query(`DROP TABLE "technical_group_events"`);
    await queryRunner.query(`DROP INDEX "public"."idx_meeting_agenda_items_meeting"`);
    await queryRunner.query(`DROP TABLE "meeting_agenda_items"`);
    await queryRunner.query(`DROP INDEX "public"."idx_action_items_group_status"`);
    await queryRunner.query(`DROP INDEX "public"."idx_action_items_meeting"`);
    await queryRunner.query(`DROP INDEX "public"."idx_action_items_open_due"`);
    await queryRunner.query(`DROP TABLE "action_items"`);
    await queryRunner.query(`DROP INDEX "public"."idx_meetings_group_starts"`);
    await queryRunner.query(`DROP TABLE "meetings"`);
  }
}
