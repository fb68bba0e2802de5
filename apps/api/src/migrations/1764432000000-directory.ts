import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outfall directory: water bodies, water-function zones, protected areas, outfalls with their dated
 * milestones and suspected duplicates, responsible entities and their links to outfalls.
 * Generated from the entities (`cli.js schema:diff`), PostgreSQL 15 compatible.
 */
export class Directory1764432000000 implements MigrationInterface {
  name = 'Directory1764432000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "water_body" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(16) NOT NULL, "name" character varying(64) NOT NULL, "kind" character varying(16) NOT NULL, "level" character varying(16) NOT NULL, "is_key" boolean NOT NULL DEFAULT false, "centerline" geometry(MultiLineString,4326), "shoreline" geometry(MultiPolygon,4326), "demo" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_883dcc3268adc3ade0d71d6f2c0" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "water_body_code_uq" ON "water_body" ("code")`);
    await q.query(`CREATE INDEX "water_body_centerline_gix" ON "water_body" USING GiST ("centerline")`);
    await q.query(`CREATE INDEX "water_body_shoreline_gix" ON "water_body" USING GiST ("shoreline")`);
    await q.query(
      `CREATE TABLE "function_zone" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "water_body_id" uuid NOT NULL, "target_class" character varying(4) NOT NULL, "target_met" boolean NOT NULL DEFAULT true, "geometry" geometry(MultiPolygon,4326), "demo" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_df7a441e3d7d0ca21ec1d36382a" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "function_zone_geometry_gix" ON "function_zone" USING GiST ("geometry")`);
    await q.query(
      `CREATE TABLE "protected_area" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(32) NOT NULL, "name" character varying(100) NOT NULL, "designated_on" date, "geometry" geometry(MultiPolygon,4326) NOT NULL, "demo" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_81de6f245f30e4264fd71b1e9ae" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "protected_area_geometry_gix" ON "protected_area" USING GiST ("geometry")`);
    await q.query(
      `CREATE TABLE "outfall" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "national_code" character varying(64), "local_code" character varying(32) NOT NULL, "name" character varying(100) NOT NULL, "category" character varying(16) NOT NULL, "sub_type" character varying(32) NOT NULL, "longitude" double precision NOT NULL, "latitude" double precision NOT NULL, "location" geometry(Point,4326) NOT NULL, "water_body_id" uuid NOT NULL, "bank" character varying(8) NOT NULL DEFAULT 'unknown', "division_id" uuid NOT NULL, "division_derived" boolean NOT NULL DEFAULT false, "discharge_mode" character varying(16), "discharge_method" character varying(16), "size_mm" integer, "discovered_on" date NOT NULL, "permit_number" character varying(64), "setup_approval" character varying(16), "signage_installed" boolean NOT NULL DEFAULT false, "signage_installed_on" date, "area" character varying(8) NOT NULL DEFAULT 'general', "key_distance_m" double precision, "key_water_body_id" uuid, "ban_candidate" boolean NOT NULL DEFAULT false, "ban_reasons" jsonb NOT NULL DEFAULT '[]', "duplicate_count" integer NOT NULL DEFAULT '0', "status" character varying(16) NOT NULL DEFAULT 'active', "merged_into_id" uuid, "demo" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_8300eba826bce62651c856ea82f" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "outfall_national_code_uq" ON "outfall" ("national_code") WHERE national_code IS NOT NULL`,
    );
    await q.query(`CREATE UNIQUE INDEX "outfall_local_code_uq" ON "outfall" ("local_code")`);
    await q.query(`CREATE INDEX "outfall_location_gix" ON "outfall" USING GiST ("location")`);
    await q.query(`CREATE INDEX "outfall_category_idx" ON "outfall" ("category", "sub_type")`);
    await q.query(`CREATE INDEX "outfall_division_idx" ON "outfall" ("division_id")`);
    await q.query(`CREATE INDEX "outfall_water_idx" ON "outfall" ("water_body_id")`);
    await q.query(
      `CREATE TABLE "outfall_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "outfall_id" uuid NOT NULL, "type" character varying(32) NOT NULL, "effective_on" date NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "note" text, "source" character varying(16) NOT NULL DEFAULT 'manual', CONSTRAINT "PK_a57e6c77e06813147134d7ff798" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "outfall_event_type_idx" ON "outfall_event" ("type", "effective_on")`);
    await q.query(`CREATE UNIQUE INDEX "outfall_event_uq" ON "outfall_event" ("outfall_id", "type")`);
    await q.query(
      `CREATE TABLE "outfall_duplicate" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "outfall_id" uuid NOT NULL, "other_id" uuid NOT NULL, "reason" character varying(16) NOT NULL, "distance_m" double precision, CONSTRAINT "PK_6f526f7fc8ee356b111fe2c6479" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "outfall_duplicate_uq" ON "outfall_duplicate" ("outfall_id", "other_id")`,
    );
    await q.query(
      `CREATE TABLE "responsible_entity" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "kind" character varying(32) NOT NULL, "credit_code" character varying(18), "legal_representative" character varying(50), "contact_name" character varying(50), "contact_phone" character varying(30), "address" character varying(200), "division_id" uuid NOT NULL, "in_industrial_park" boolean NOT NULL DEFAULT false, "fallback_for_division_id" uuid, "demo" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_9d07505368d964971530b1c59b0" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "responsible_entity_credit_code_uq" ON "responsible_entity" ("credit_code") WHERE credit_code IS NOT NULL`,
    );
    await q.query(
      `CREATE TABLE "outfall_entity" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "outfall_id" uuid NOT NULL, "entity_id" uuid NOT NULL, "is_main" boolean NOT NULL DEFAULT false, "metering_installed" boolean NOT NULL DEFAULT false, "is_fallback" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_17a5203d40cbc7349edc6fea5cb" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "outfall_entity_entity_idx" ON "outfall_entity" ("entity_id")`);
    await q.query(
      `CREATE UNIQUE INDEX "outfall_entity_main_uq" ON "outfall_entity" ("outfall_id") WHERE is_main`,
    );
    await q.query(`CREATE UNIQUE INDEX "outfall_entity_uq" ON "outfall_entity" ("outfall_id", "entity_id")`);
    await q.query(
      `ALTER TABLE "function_zone" ADD CONSTRAINT "FK_a1b33f9eafb6ee41fa8556a2c19" FOREIGN KEY ("water_body_id") REFERENCES "water_body"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "outfall" ADD CONSTRAINT "FK_c0796eb6bdcddf2add5091176ba" FOREIGN KEY ("water_body_id") REFERENCES "water_body"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "outfall" ADD CONSTRAINT "FK_ed824694de52c38eb5b3a471f62" FOREIGN KEY ("division_id") REFERENCES "division"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "outfall" ADD CONSTRAINT "FK_56b5f412995c0b259b3b7f72977" FOREIGN KEY ("merged_into_id") REFERENCES "outfall"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "outfall_event" ADD CONSTRAINT "FK_409ff033a66fc0a229d9b2d65df" FOREIGN KEY ("outfall_id") REFERENCES "outfall"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "outfall_duplicate" ADD CONSTRAINT "FK_cd76136d8ce92f0d823390cac55" FOREIGN KEY ("outfall_id") REFERENCES "outfall"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "outfall_duplicate" ADD CONSTRAINT "FK_664af02410a9e05e387e64d8208" FOREIGN KEY ("other_id") REFERENCES "outfall"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "responsible_entity" ADD CONSTRAINT "FK_605c71b60d278cbc9d9eddad0da" FOREIGN KEY ("division_id") REFERENCES "division"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "outfall_entity" ADD CONSTRAINT "FK_9d23830f5b764de5b841de5f98e" FOREIGN KEY ("outfall_id") REFERENCES "outfall"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "outfall_entity" ADD CONSTRAINT "FK_89dcb5f8e49befaf6880d657f52" FOREIGN KEY ("entity_id") REFERENCES "responsible_entity"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "outfall_entity" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "responsible_entity" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "outfall_duplicate" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "outfall_event" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "outfall" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "protected_area" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "function_zone" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "water_body" CASCADE`);
  }
}
