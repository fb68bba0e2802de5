import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Batch ingests (the batch API, HJ 212 monitors) write one audit row per batch (entity type `sample_batch`,
 * action `ingest`) whose `after.sampleIds` lists the samples it created (issue 17). This index finds the batch
 * of a sample (`after -> 'sampleIds' @> '["<id>"]'`) without reading every batch row.
 */
export class SampleBatchAudit1769820000000 implements MigrationInterface {
  name = 'SampleBatchAudit1769820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX IF NOT EXISTS audit_log_sample_batch_idx ON audit_log
         USING gin ((after -> 'sampleIds') jsonb_path_ops) WHERE entity_type = 'sample_batch'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS audit_log_sample_batch_idx`);
  }
}
