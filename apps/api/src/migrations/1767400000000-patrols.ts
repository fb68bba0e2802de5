import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Patrols of the long-term mechanism (长效监管巡查): frequency rules (with the documented defaults), the
 * distance setting, per-outfall overrides, patrol records, their findings and photos.
 */
export class Patrols1767400000000 implements MigrationInterface {
  name = 'Patrols1767400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "patrol_rule" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "category" character varying(16), "area" character varying(8), "key_river" boolean, "interval_days" integer NOT NULL, "note" character varying(200), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_be396b72a5f854f26fe08eb2183" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "patrol_config" ("id" smallint NOT NULL DEFAULT '1', "distance_limit_m" integer NOT NULL DEFAULT '200', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_0768f34be6625a28d0eb5ddca1a" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "patrol_schedule_override" ("outfall_id" uuid NOT NULL, "interval_days" integer NOT NULL, "reason" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_c5f235e5967f72f72423842bda1" PRIMARY KEY ("outfall_id"))`,
    );
    await q.query(
      `CREATE TABLE "patrol" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "outfall_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "patroller_id" uuid, "recorded_by" character varying(100) NOT NULL, "patroller_names" character varying(100) NOT NULL, "patrolled_at" TIMESTAMP WITH TIME ZONE NOT NULL, "patrol_day" date NOT NULL, "longitude" double precision NOT NULL, "latitude" double precision NOT NULL, "distance_m" double precision NOT NULL, "distance_limit_m" integer NOT NULL, "distance_flagged" boolean NOT NULL, "sign_intact" boolean NOT NULL, "discharging" boolean NOT NULL, "colour_abnormal" boolean NOT NULL, "odour_abnormal" boolean NOT NULL, "flow_estimate" character varying(8) NOT NULL, "new_pipes_nearby" boolean NOT NULL, "notes" text, "finding_count" integer NOT NULL DEFAULT '0', "demo" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_ba3e208585493f0180562aae342" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "patrol_unit_idx" ON "patrol" ("unit_id", "patrol_day")`);
    await q.query(`CREATE INDEX "patrol_outfall_idx" ON "patrol" ("outfall_id", "patrol_day")`);
    await q.query(
      `CREATE TABLE "patrol_finding" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "patrol_id" uuid NOT NULL, "kind" character varying(24) NOT NULL, "description" text NOT NULL, "remediation_plan_id" uuid, "enforcement_case_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_50bef75a6b9285227becbd5188a" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "patrol_finding_patrol_idx" ON "patrol_finding" ("patrol_id")`);
    await q.query(
      `CREATE TABLE "patrol_photo" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "patrol_id" uuid NOT NULL, "file_name" character varying(200) NOT NULL, "content_type" character varying(100) NOT NULL, "size_bytes" integer NOT NULL, "storage_key" character varying(255) NOT NULL, "uploaded_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_354813cf9cadddfe140555e5390" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "patrol_photo_patrol_idx" ON "patrol_photo" ("patrol_id")`);
    await q.query(
      `ALTER TABLE "patrol_schedule_override" ADD CONSTRAINT "FK_c5f235e5967f72f72423842bda1" FOREIGN KEY ("outfall_id") REFERENCES "outfall"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "patrol" ADD CONSTRAINT "FK_07724ff47dfa427e1e58b02d2dd" FOREIGN KEY ("outfall_id") REFERENCES "outfall"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "patrol" ADD CONSTRAINT "FK_115e030a8010a1b785b67695228" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "patrol_finding" ADD CONSTRAINT "FK_7abf0298953e742c4218df77d3c" FOREIGN KEY ("patrol_id") REFERENCES "patrol"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "patrol_photo" ADD CONSTRAINT "FK_b2daad7fd2e25f8afee8cc2254e" FOREIGN KEY ("patrol_id") REFERENCES "patrol"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // the default rules (docs/supervision-patrols.md) and the distance limit
    await q.query(
      `INSERT INTO "patrol_rule" ("category", "area", "key_river", "interval_days", "note", "version") VALUES
        ('industrial', 'key', NULL, 7, '重点区域工业排污口每周巡查', 1),
        ('industrial', NULL, NULL, 14, '工业排污口每两周巡查', 1),
        ('urban_wwtp', NULL, NULL, 14, '城镇污水处理厂排污口每两周巡查', 1),
        (NULL, 'key', NULL, 14, '重点区域排污口每两周巡查', 1),
        (NULL, NULL, true, 14, '重点河流排污口每两周巡查', 1),
        (NULL, NULL, NULL, 30, '其他排污口每月巡查（兜底规则）', 1)`,
    );
    await q.query(`INSERT INTO "patrol_config" ("id", "distance_limit_m", "version") VALUES (1, 200, 1)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'patrol_photo',
      'patrol_finding',
      'patrol',
      'patrol_schedule_override',
      'patrol_config',
      'patrol_rule',
    ]) {
      await q.query(`DROP TABLE IF EXISTS "${table}" CASCADE`);
    }
  }
}
