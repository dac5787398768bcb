import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `workflows.project_group`: the code of the project's technical group when the workflow
 * started, for chains that name it (`{ projectGroup: true }` assignees); null otherwise. The
 * workflow keeps signing with that group even if the project later moves to another.
 */
export class WorkflowProjectGroup1796090000000 implements MigrationInterface {
  name = 'WorkflowProjectGroup1796090000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "workflows" ADD "project_group" character varying(32)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "workflows" DROP COLUMN "project_group"`);
  }
}
