import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IdempotencyCommitted1795909678985 implements MigrationInterface {
  name = 'IdempotencyCommitted1795909678985';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "idempotency_keys" ADD "committed_at" TIMESTAMP WITH TIME ZONE`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "idempotency_keys" DROP COLUMN "committed_at"`);
  }
}
