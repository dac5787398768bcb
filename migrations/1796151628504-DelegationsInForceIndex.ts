import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `delegations.ends_at`: the delegations in force at an instant (`delegationsInForce`) are found
 * among those not yet ended, a few beside the years of ended ones kept as the record — read on
 * every notice that asks for a decision (the delegates of the signatures it names are told too).
 */
export class DelegationsInForceIndex1796151628504 implements MigrationInterface {
  name = 'DelegationsInForceIndex1796151628504';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "idx_delegations_ends_at" ON "delegations"  ("ends_at") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_delegations_ends_at"`);
  }
}
