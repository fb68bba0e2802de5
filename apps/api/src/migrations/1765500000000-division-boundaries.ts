import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Division boundaries become loadable data: where a division's boundary came from (`boundary_source`; the
 * demo's are labelled 合成 / synthetic), and on each outfall the division a boundary places it in when that
 * contradicts a division entered by hand (`boundary_division_id`, to review; the outfall is not moved).
 */
export class DivisionBoundaries1765500000000 implements MigrationInterface {
  name = 'DivisionBoundaries1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "division" ADD "boundary_source" character varying(200)`);
    await q.query(`ALTER TABLE "outfall" ADD "boundary_division_id" uuid`);
    await q.query(
      `ALTER TABLE "outfall" ADD CONSTRAINT "FK_71c5e6163121355f2a4d6c2cf42" FOREIGN KEY ("boundary_division_id") REFERENCES "division"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "outfall" DROP CONSTRAINT "FK_71c5e6163121355f2a4d6c2cf42"`);
    await q.query(`ALTER TABLE "outfall" DROP COLUMN "boundary_division_id"`);
    await q.query(`ALTER TABLE "division" DROP COLUMN "boundary_source"`);
  }
}
