import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Discharge permits (排污许可证) with their outlets (HJ 608 `DW001`) and self-monitoring duty, and recurring
 * monitoring schedules per outfall. Missing-data findings are computed on read (no table).
 */
export class Permits1767200000000 implements MigrationInterface {
  name = 'Permits1767200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "discharge_permit" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "permit_number" character varying(22) NOT NULL, "entity_id" uuid NOT NULL, "issuing_authority" character varying(100) NOT NULL, "valid_from" date NOT NULL, "valid_to" date NOT NULL, "notes" text, "demo" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_e8f5817ef158b2c2e3b79fad24d" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "discharge_permit_valid_to_idx" ON "discharge_permit" ("valid_to")`);
    await q.query(`CREATE INDEX "discharge_permit_entity_idx" ON "discharge_permit" ("entity_id")`);
    await q.query(`CREATE UNIQUE INDEX "discharge_permit_number_uq" ON "discharge_permit" ("permit_number")`);
    await q.query(
      `CREATE TABLE "permit_outlet" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "permit_id" uuid NOT NULL, "code" character varying(5) NOT NULL, "name" character varying(100), "outfall_id" uuid NOT NULL, CONSTRAINT "PK_a65f7a4313d1d06a2d04f836079" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "permit_outlet_outfall_idx" ON "permit_outlet" ("outfall_id")`);
    await q.query(`CREATE UNIQUE INDEX "permit_outlet_code_uq" ON "permit_outlet" ("permit_id", "code")`);
    await q.query(
      `CREATE TABLE "permit_duty" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "outlet_id" uuid NOT NULL, "indicator_code" character varying(32) NOT NULL, "frequency" character varying(16) NOT NULL, CONSTRAINT "PK_928ce582c86fff2a80ad16ef063" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "permit_duty_uq" ON "permit_duty" ("outlet_id", "indicator_code")`);
    await q.query(
      `CREATE TABLE "monitoring_schedule" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "outfall_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "frequency" character varying(16) NOT NULL, "start_on" date NOT NULL, "end_on" date, "indicator_codes" character varying(32) array NOT NULL DEFAULT '{}', "notes" text, "demo" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_f2cf944855b0a6306e32acf5373" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "monitoring_schedule_outfall_idx" ON "monitoring_schedule" ("outfall_id")`);
    await q.query(
      `ALTER TABLE "discharge_permit" ADD CONSTRAINT "FK_633bda7e5cc21a025386a3e59f3" FOREIGN KEY ("entity_id") REFERENCES "responsible_entity"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "permit_outlet" ADD CONSTRAINT "FK_b3403dc23ef72e57312576e4ffc" FOREIGN KEY ("permit_id") REFERENCES "discharge_permit"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "permit_outlet" ADD CONSTRAINT "FK_5746d0ee5e0c195b3efe50f8cb9" FOREIGN KEY ("outfall_id") REFERENCES "outfall"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "permit_duty" ADD CONSTRAINT "FK_8f0f55754d582b326d56fa27abb" FOREIGN KEY ("outlet_id") REFERENCES "permit_outlet"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "monitoring_schedule" ADD CONSTRAINT "FK_0bc49f522953142db9d726419d8" FOREIGN KEY ("outfall_id") REFERENCES "outfall"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "monitoring_schedule" ADD CONSTRAINT "FK_1181a8db28c2615ca48f79bae47" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "monitoring_schedule"`);
    await q.query(`DROP TABLE "permit_duty"`);
    await q.query(`DROP TABLE "permit_outlet"`);
    await q.query(`DROP TABLE "discharge_permit"`);
  }
}
