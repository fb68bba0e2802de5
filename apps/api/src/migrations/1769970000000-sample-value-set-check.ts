import { MigrationInterface, QueryRunner } from 'typeorm';

/** The foreign key this migration replaces (TypeORM's name for sample_value.sample_id → sample.id). */
const FOREIGN_KEY = 'FK_aecb2425a71c31b14a59669fc36';

/**
 * A value's sample, kept by statement-level triggers instead of the row-level foreign key (issue 17). A
 * foreign key checks each inserted row on its own: one lookup-and-lock query per value. In a batch of 10,000
 * values for 1,429 new samples that was about half of the values' COPY: 80–115 ms with the key against 35–60
 * ms without it plus 4–10 ms for one set-based check (psql, bench/RESULTS.md). The triggers keep what the key
 * kept:
 *
 * - **Insert** (`INSERT`, `COPY`, the insert half of `ON CONFLICT`): once per statement, the distinct samples
 *   the new values name are locked `FOR KEY SHARE`, as the key's check locks them, so a concurrent delete of
 *   one waits for this transaction (and one that committed first leaves it unlocked, so it is missing). A
 *   value whose sample is missing fails the statement with SQLSTATE 23503 (`foreign_key_violation`) and this
 *   key's name, as before.
 * - **Delete** of samples: their values are deleted in the same statement (the key's `ON DELETE CASCADE`).
 * - **Update**: a value's sample and a sample's id never change (nothing in the platform changes them); the
 *   triggers refuse it instead of checking it.
 *
 * Triggers do not fire under `session_replication_role = replica` (a backup's restore), like the key's.
 */
export class SampleValueSetCheck1769970000000 implements MigrationInterface {
  name = 'SampleValueSetCheck1769970000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "sample_value" DROP CONSTRAINT "${FOREIGN_KEY}"`);
    await q.query(`CREATE FUNCTION sample_value_samples_exist() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        wanted bigint;
        locked bigint;
        missing uuid;
      BEGIN
        -- the samples as an array: probes of the primary key whatever the planner thinks of the transition
        -- table; EXECUTE plans it each time (a plan cached while the table was small would scan it whole)
        EXECUTE 'WITH ids AS (SELECT DISTINCT n.sample_id AS id FROM sample_value_new n),
                      held AS (SELECT s.id FROM sample s WHERE s.id = ANY (ARRAY(SELECT i.id FROM ids i))
                                  FOR KEY SHARE OF s)
                 SELECT (SELECT count(*) FROM ids), (SELECT count(*) FROM held)' INTO wanted, locked;
        IF locked < wanted THEN
          EXECUTE 'SELECT n.sample_id FROM sample_value_new n
                    WHERE NOT EXISTS (SELECT 1 FROM sample s WHERE s.id = n.sample_id) LIMIT 1' INTO missing;
          RAISE EXCEPTION 'insert or update on table "sample_value" violates foreign key constraint "${FOREIGN_KEY}"'
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = '${FOREIGN_KEY}', TABLE = 'sample_value',
                  COLUMN = 'sample_id', DETAIL = format('Key (sample_id)=(%s) is not present in table "sample".', missing);
        END IF;
        RETURN NULL;
      END
    $$`);
    await q.query(
      `CREATE TRIGGER sample_value_samples_exist AFTER INSERT ON "sample_value"
       REFERENCING NEW TABLE AS sample_value_new FOR EACH STATEMENT EXECUTE FUNCTION sample_value_samples_exist()`,
    );
    await q.query(`CREATE FUNCTION sample_value_keep_sample() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.sample_id IS DISTINCT FROM OLD.sample_id THEN
          RAISE EXCEPTION 'a value''s sample cannot change (value % of sample %)', OLD.indicator_code, OLD.sample_id
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = '${FOREIGN_KEY}', TABLE = 'sample_value',
                  COLUMN = 'sample_id';
        END IF;
        RETURN NEW;
      END
    $$`);
    await q.query(
      `CREATE TRIGGER sample_value_keep_sample BEFORE UPDATE OF sample_id ON "sample_value"
       FOR EACH ROW EXECUTE FUNCTION sample_value_keep_sample()`,
    );
    await q.query(`CREATE FUNCTION sample_delete_values() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- planned each time, as above
        EXECUTE 'DELETE FROM sample_value v WHERE v.sample_id = ANY (ARRAY(SELECT o.id FROM sample_old o))';
        RETURN NULL;
      END
    $$`);
    await q.query(
      `CREATE TRIGGER sample_delete_values AFTER DELETE ON "sample"
       REFERENCING OLD TABLE AS sample_old FOR EACH STATEMENT EXECUTE FUNCTION sample_delete_values()`,
    );
    await q.query(`CREATE FUNCTION sample_keep_id() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.id IS DISTINCT FROM OLD.id THEN
          RAISE EXCEPTION 'a sample''s id cannot change (sample %)', OLD.id
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = '${FOREIGN_KEY}', TABLE = 'sample', COLUMN = 'id';
        END IF;
        RETURN NEW;
      END
    $$`);
    await q.query(
      `CREATE TRIGGER sample_keep_id BEFORE UPDATE OF id ON "sample" FOR EACH ROW EXECUTE FUNCTION sample_keep_id()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER sample_keep_id ON "sample"`);
    await q.query(`DROP FUNCTION sample_keep_id()`);
    await q.query(`DROP TRIGGER sample_delete_values ON "sample"`);
    await q.query(`DROP FUNCTION sample_delete_values()`);
    await q.query(`DROP TRIGGER sample_value_keep_sample ON "sample_value"`);
    await q.query(`DROP FUNCTION sample_value_keep_sample()`);
    await q.query(`DROP TRIGGER sample_value_samples_exist ON "sample_value"`);
    await q.query(`DROP FUNCTION sample_value_samples_exist()`);
    await q.query(
      `ALTER TABLE "sample_value" ADD CONSTRAINT "${FOREIGN_KEY}" FOREIGN KEY ("sample_id") REFERENCES "sample"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }
}
