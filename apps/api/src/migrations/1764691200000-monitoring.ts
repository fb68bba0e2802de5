import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Monitoring: the indicator and standards catalogues (filled on start from the shipped data), per-outfall
 * standard settings, samples with their assessed values, tracing records and their sources.
 */
export class Monitoring1764691200000 implements MigrationInterface {
  name = 'Monitoring1764691200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "discharge_standard" ("id" character varying(64) NOT NULL, "standard" character varying(64) NOT NULL, "grade" character varying(16) NOT NULL, "name_zh" character varying(100) NOT NULL, "overrides_id" character varying(64), "rules" jsonb NOT NULL, "builtin" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_c3a884b9488f2569c5f657ea236" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "outfall_standard_setting" ("outfall_id" uuid NOT NULL, "plant_grade" character varying(4), "plant_built_on" date, "override_standard_id" character varying(64), "override_reason" text, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_779e34555d3d403212c78f178a2" PRIMARY KEY ("outfall_id"))`,
    );
    await q.query(
      `CREATE TABLE "indicator" ("code" character varying(32) NOT NULL, "name_zh" character varying(50) NOT NULL, "name_en" character varying(80) NOT NULL, "unit" character varying(16), "decimals" smallint NOT NULL DEFAULT '2', "required" boolean NOT NULL DEFAULT false, "physical_min" double precision, "physical_max" double precision, "sort_order" smallint NOT NULL DEFAULT '100', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_843bf8c0de69be8ea15fdc25fb7" PRIMARY KEY ("code"))`,
    );
    await q.query(
      `CREATE TABLE "sample" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "outfall_id" uuid NOT NULL, "sampled_at" TIMESTAMP WITH TIME ZONE NOT NULL, "source" character varying(16) NOT NULL, "laboratory" character varying(200), "flow_rate" double precision, "velocity" double precision, "notes" text, "attachment_ids" uuid array NOT NULL DEFAULT '{}', "standard_id" character varying(64), "exceeding" boolean NOT NULL DEFAULT false, "exceeding_count" smallint NOT NULL DEFAULT '0', "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_1e92238b098b5a4d13f6422cba7" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "sample_sampled_at_idx" ON "sample" ("sampled_at")`);
    await q.query(`CREATE UNIQUE INDEX "sample_key_uq" ON "sample" ("outfall_id", "sampled_at", "source")`);
    await q.query(
      `CREATE TABLE "sample_value" ("sample_id" uuid NOT NULL, "indicator_code" character varying(32) NOT NULL, "value" double precision NOT NULL, "qualifier" character varying(16) NOT NULL DEFAULT 'measured', "detection_limit" double precision, "limit_text" character varying(32), "limit_value" double precision, "rule_source" character varying(120), "compliant" boolean, "exceedance_multiple" double precision, CONSTRAINT "PK_82cd6c99e9dcf7c58ba8fe158a2" PRIMARY KEY ("sample_id", "indicator_code"))`,
    );
    await q.query(
      `CREATE INDEX "sample_value_exceeding_idx" ON "sample_value" ("indicator_code", "sample_id") WHERE compliant = false`,
    );
    await q.query(
      `CREATE TABLE "tracing_record" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "outfall_id" uuid NOT NULL, "traced_on" date NOT NULL, "method" character varying(24) NOT NULL, "sewage_origin" character varying(16), "main_factors" character varying(32) array NOT NULL DEFAULT '{}', "conclusion" text, "complete" boolean NOT NULL DEFAULT false, "completed_on" date, "attachment_ids" uuid array NOT NULL DEFAULT '{}', "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_a4117ea90be6e9f2251646cc02b" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "tracing_record_outfall_idx" ON "tracing_record" ("outfall_id", "traced_on")`,
    );
    await q.query(
      `CREATE TABLE "tracing_source" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tracing_id" uuid NOT NULL, "entity_id" uuid, "description" character varying(300), "position" smallint NOT NULL DEFAULT '0', CONSTRAINT "PK_0f233163030fd8b7e4867fe3979" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "tracing_source_entity_idx" ON "tracing_source" ("entity_id")`);
    await q.query(`CREATE INDEX "tracing_source_tracing_idx" ON "tracing_source" ("tracing_id")`);
    await q.query(
      `ALTER TABLE "outfall_standard_setting" ADD CONSTRAINT "FK_779e34555d3d403212c78f178a2" FOREIGN KEY ("outfall_id") REFERENCES "outfall"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "outfall_standard_setting" ADD CONSTRAINT "FK_b491f41a89d279afafe8f5df806" FOREIGN KEY ("override_standard_id") REFERENCES "discharge_standard"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "sample" ADD CONSTRAINT "FK_732773ef5ef3e16f912bf64cbe0" FOREIGN KEY ("outfall_id") REFERENCES "outfall"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "sample_value" ADD CONSTRAINT "FK_aecb2425a71c31b14a59669fc36" FOREIGN KEY ("sample_id") REFERENCES "sample"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "tracing_record" ADD CONSTRAINT "FK_d788f967e51b09c5b393038585b" FOREIGN KEY ("outfall_id") REFERENCES "outfall"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "tracing_source" ADD CONSTRAINT "FK_b5c3e56fa7697d953920adaa236" FOREIGN KEY ("tracing_id") REFERENCES "tracing_record"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "tracing_source" ADD CONSTRAINT "FK_ddb54e84c85453082a187c82f7d" FOREIGN KEY ("entity_id") REFERENCES "responsible_entity"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'tracing_source',
      'tracing_record',
      'sample_value',
      'sample',
      'outfall_standard_setting',
      'discharge_standard',
      'indicator',
    ]) {
      await q.query(`DROP TABLE IF EXISTS "${table}" CASCADE`);
    }
  }
}
