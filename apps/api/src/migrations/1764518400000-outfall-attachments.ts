import { MigrationInterface, QueryRunner } from 'typeorm';

/** Outfall attachments: photos and documents (the bytes live in the file store). */
export class OutfallAttachments1764518400000 implements MigrationInterface {
  name = 'OutfallAttachments1764518400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "outfall_attachment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "outfall_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "file_name" character varying(200) NOT NULL, "content_type" character varying(100) NOT NULL, "size_bytes" integer NOT NULL, "storage_key" character varying(255) NOT NULL, "uploaded_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_de44bbe46b5ae9d27924735c488" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "outfall_attachment_outfall_idx" ON "outfall_attachment" ("outfall_id", "created_at")`,
    );
    await q.query(
      `ALTER TABLE "outfall_attachment" ADD CONSTRAINT "FK_c2ca3b97d9adbc04d4503555e16" FOREIGN KEY ("outfall_id") REFERENCES "outfall"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "outfall_attachment" CASCADE`);
  }
}
