import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Progress as of a day reads the milestones of a few types dated on or before it. With `outfall_id` in the
 * (type, effective_on) index those reads are index-only scans instead of bitmap heap scans over the whole
 * table (benchmark, 1 000 000 outfalls: see bench/PROGRESS.md). The covering index replaces the plain one,
 * which it serves in full. Declared on the entity with `synchronize: false` (TypeORM cannot express INCLUDE).
 */
export class ProgressEventIndex1764950400000 implements MigrationInterface {
  name = 'ProgressEventIndex1764950400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "outfall_event_type_cover_idx" ON "outfall_event" ("type", "effective_on") INCLUDE ("outfall_id")`,
    );
    await q.query(`DROP INDEX IF EXISTS "outfall_event_type_idx"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "outfall_event_type_idx" ON "outfall_event" ("type", "effective_on")`);
    await q.query(`DROP INDEX IF EXISTS "outfall_event_type_cover_idx"`);
  }
}
