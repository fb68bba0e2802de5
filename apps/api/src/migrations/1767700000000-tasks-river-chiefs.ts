import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tasks of the plan with their lead, cooperating and responsible units (任务分工), river sections (河段) with
 * their river chiefs (河湖长), and the link of outfalls to sections (nearest section within a distance).
 */
export class TasksRiverChiefs1767700000000 implements MigrationInterface {
  name = 'TasksRiverChiefs1767700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "task" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(32) NOT NULL, "title" character varying(200) NOT NULL, "kind" character varying(32) NOT NULL, "description" text, "source_clause" character varying(200), "deadline" date NOT NULL, "state" character varying(16) NOT NULL DEFAULT 'not_started', "completed_on" date, "demo" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_fb213f79ee45060ba925ecd576e" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "task_code_uq" ON "task" ("code") `);
    await q.query(`CREATE INDEX "task_deadline_idx" ON "task" ("deadline") `);
    await q.query(
      `CREATE TABLE "task_unit" ("task_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "role" character varying(16) NOT NULL, CONSTRAINT "PK_655d503cd60b10062772c6a8478" PRIMARY KEY ("task_id", "unit_id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "task_unit_lead_uq" ON "task_unit" ("task_id") WHERE role = 'lead'`);
    await q.query(`CREATE INDEX "task_unit_unit_idx" ON "task_unit" ("unit_id", "role") `);
    await q.query(
      `CREATE TABLE "river_section" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "water_body_id" uuid NOT NULL, "name" character varying(100) NOT NULL, "from_description" character varying(200), "to_description" character varying(200), "geometry" geometry(Geometry,4326), "demo" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_2c26939815529d3a1ba3f39521b" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "river_section_geometry_gix" ON "river_section" USING GiST ("geometry") `);
    await q.query(
      `CREATE UNIQUE INDEX "river_section_water_name_uq" ON "river_section" ("water_body_id", "name") `,
    );
    await q.query(
      `CREATE TABLE "river_chief" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "section_id" uuid NOT NULL, "level" character varying(16) NOT NULL, "name" character varying(50) NOT NULL, "unit_id" uuid NOT NULL, "position" character varying(50), "phone" character varying(20) NOT NULL, "demo" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_253d9096d83318c836e8bc3d1a6" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "river_chief_section_idx" ON "river_chief" ("section_id") `);
    await q.query(
      `CREATE TABLE "outfall_section" ("outfall_id" uuid NOT NULL, "section_id" uuid NOT NULL, "distance_m" double precision NOT NULL, "linked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_41486b235f226c4677e986c9a01" PRIMARY KEY ("outfall_id"))`,
    );
    await q.query(`CREATE INDEX "outfall_section_section_idx" ON "outfall_section" ("section_id") `);
    await q.query(
      `ALTER TABLE "task_unit" ADD CONSTRAINT "FK_1c230a6aad28b70ead5be61980b" FOREIGN KEY ("task_id") REFERENCES "task"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "task_unit" ADD CONSTRAINT "FK_d1afbce87fb5a0dcdcd39cb52e9" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "river_section" ADD CONSTRAINT "FK_e3e2147b4e071f0e2a44c03e3ff" FOREIGN KEY ("water_body_id") REFERENCES "water_body"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "river_chief" ADD CONSTRAINT "FK_56858c14f80bcb277502c17e203" FOREIGN KEY ("section_id") REFERENCES "river_section"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "river_chief" ADD CONSTRAINT "FK_84cb7e58fa0ac44ee40205d0ea4" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "outfall_section" ADD CONSTRAINT "FK_41486b235f226c4677e986c9a01" FOREIGN KEY ("outfall_id") REFERENCES "outfall"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "outfall_section" ADD CONSTRAINT "FK_7447eb1bc465193166358aee546" FOREIGN KEY ("section_id") REFERENCES "river_section"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "outfall_section"`);
    await q.query(`DROP TABLE "river_chief"`);
    await q.query(`DROP TABLE "river_section"`);
    await q.query(`DROP TABLE "task_unit"`);
    await q.query(`DROP TABLE "task"`);
  }
}
