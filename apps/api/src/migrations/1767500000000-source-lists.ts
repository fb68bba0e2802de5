import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The departments' base data (部门基础清单): the list items (industrial enterprises, livestock and aquaculture
 * farms) with a GiST index on `location::geography` for the candidate-source search (ST_DWithin in metres);
 * the water bureau's basin area and river length on water bodies; the GB/T 4754 industry code of responsible
 * entities (idempotent: another domain adds the same column); the candidate picked by a tracing source.
 */
export class SourceLists1767500000000 implements MigrationInterface {
  name = 'SourceLists1767500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "source_list_item" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(24) NOT NULL, "owner_unit_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "credit_code" character varying(18), "longitude" double precision NOT NULL, "latitude" double precision NOT NULL, "location" geometry(Point,4326) NOT NULL, "address" character varying(200), "division_id" uuid, "industry_code" character varying(5), "species" character varying(50), "head_count" integer, "area_mu" numeric(12,2), "matched_entity_id" uuid, "demo" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_f5908d15d6428d6e08e8fb332f0" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "source_list_item_location_gix" ON "source_list_item" USING GiST ("location")`,
    );
    await q.query(
      `CREATE INDEX "source_list_item_location_geog_gix" ON "source_list_item" USING GiST ((location::geography))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "source_list_item_owner_code_uq" ON "source_list_item" ("owner_unit_id", "kind", "credit_code") WHERE credit_code IS NOT NULL`,
    );
    await q.query(`CREATE INDEX "source_list_item_matched_idx" ON "source_list_item" ("matched_entity_id")`);
    await q.query(`CREATE INDEX "source_list_item_division_idx" ON "source_list_item" ("division_id")`);
    await q.query(
      `CREATE INDEX "source_list_item_owner_idx" ON "source_list_item" ("owner_unit_id", "kind")`,
    );
    await q.query(
      `ALTER TABLE "source_list_item" ADD CONSTRAINT "FK_7e5dc08ed33bf723fde1b3d0ac3" FOREIGN KEY ("owner_unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "source_list_item" ADD CONSTRAINT "FK_372ed168fe515d1bc29405cdd77" FOREIGN KEY ("division_id") REFERENCES "division"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "source_list_item" ADD CONSTRAINT "FK_c5580ae8f461acb33a218531fbf" FOREIGN KEY ("matched_entity_id") REFERENCES "responsible_entity"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(`ALTER TABLE "water_body" ADD "basin_area_km2" numeric(12,2)`);
    await q.query(`ALTER TABLE "water_body" ADD "river_length_km" numeric(10,2)`);
    await q.query(`ALTER TABLE responsible_entity ADD COLUMN IF NOT EXISTS industry_code varchar(5)`);
    await q.query(`ALTER TABLE "tracing_source" ADD "candidate_source_id" uuid`);
    await q.query(`CREATE INDEX "tracing_source_candidate_idx" ON "tracing_source" ("candidate_source_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    // responsible_entity.industry_code is shared with another domain's migration: it stays
    await q.query(`DROP INDEX IF EXISTS "tracing_source_candidate_idx"`);
    await q.query(`ALTER TABLE "tracing_source" DROP COLUMN IF EXISTS "candidate_source_id"`);
    await q.query(`ALTER TABLE "water_body" DROP COLUMN IF EXISTS "river_length_km"`);
    await q.query(`ALTER TABLE "water_body" DROP COLUMN IF EXISTS "basin_area_km2"`);
    await q.query(`DROP TABLE IF EXISTS "source_list_item" CASCADE`);
  }
}
