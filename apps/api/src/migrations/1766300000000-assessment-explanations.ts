import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Assessments say what they did: a sample value keeps the pH deviation from its allowed range (instead of an
 * exceedance multiple of 0) and an explanation (e.g. 未测水温，按较严限值判定). A function zone's target status
 * may be unknown (null), which is no longer stored as "met".
 */
export class AssessmentExplanations1766300000000 implements MigrationInterface {
  name = 'AssessmentExplanations1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "sample_value" ADD "deviation" double precision`);
    await q.query(`ALTER TABLE "sample_value" ADD "deviation_direction" character varying(8)`);
    await q.query(`ALTER TABLE "sample_value" ADD "explanation_zh" character varying(300)`);
    await q.query(`ALTER TABLE "sample_value" ADD "explanation_en" character varying(300)`);
    // range limits ("6–9"): the deviation from the range replaces the meaningless multiple
    await q.query(
      `UPDATE "sample_value" v SET "exceedance_multiple" = NULL,
              "deviation" = CASE WHEN v.compliant IS NULL THEN NULL
                                 ELSE round(greatest(r.lo - v.value, v.value - r.hi, 0)::numeric, 3)::float8 END,
              "deviation_direction" = CASE WHEN v.compliant IS NOT FALSE THEN NULL
                                           WHEN v.value < r.lo THEN 'below' ELSE 'above' END
         FROM (SELECT sample_id, indicator_code,
                      split_part(limit_text, '–', 1)::float8 AS lo, split_part(limit_text, '–', 2)::float8 AS hi
                 FROM "sample_value" WHERE limit_text ~ '^[0-9.]+–[0-9.]+$') r
        WHERE r.sample_id = v.sample_id AND r.indicator_code = v.indicator_code`,
    );
    await q.query(
      `UPDATE "sample_value" SET
              "explanation_zh" = CASE deviation_direction WHEN 'below' THEN '低于允许范围（' || limit_text || '）下限 ' || deviation
                                                          ELSE '高于允许范围（' || limit_text || '）上限 ' || deviation END,
              "explanation_en" = deviation || ' ' || deviation_direction || ' the allowed range (' || limit_text || ')'
        WHERE deviation_direction IS NOT NULL`,
    );
    // NH3-N against GB 18918 grades with a water-temperature condition, in samples without a temperature:
    // the stricter (unconditional) limit was used; say so
    await q.query(
      `UPDATE "sample_value" v SET "explanation_zh" = '未测水温，按较严限值判定',
              "explanation_en" = 'Water temperature not measured: assessed against the stricter limit'
         FROM "sample" s
        WHERE s.id = v.sample_id AND v.indicator_code = 'nh3n' AND v.limit_text IS NOT NULL
          AND s.standard_id IN ('GB18918-2002:1A', 'GB18918-2002:1B', 'GB18918-2002:II')
          AND NOT EXISTS (SELECT 1 FROM "sample_value" t WHERE t.sample_id = v.sample_id
                             AND t.indicator_code = 'temperature' AND t.qualifier <> 'below_detection')`,
    );
    // TP against GB 18918 grades with a pre-2006 value, for plants without a build date: likewise
    await q.query(
      `UPDATE "sample_value" v SET "explanation_zh" = '污水处理厂建设日期未知，按较严限值判定',
              "explanation_en" = 'Plant build date unknown: assessed against the stricter limit'
         FROM "sample" s
        WHERE s.id = v.sample_id AND v.indicator_code = 'tp' AND v.limit_text IS NOT NULL
          AND s.standard_id IN ('GB18918-2002:1A', 'GB18918-2002:1B')
          AND NOT EXISTS (SELECT 1 FROM "outfall_standard_setting" o
                           WHERE o.outfall_id = s.outfall_id AND o.plant_built_on IS NOT NULL)`,
    );
    await q.query(`ALTER TABLE "function_zone" ALTER COLUMN "target_met" DROP NOT NULL`);
    await q.query(`ALTER TABLE "function_zone" ALTER COLUMN "target_met" DROP DEFAULT`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE "function_zone" SET "target_met" = true WHERE "target_met" IS NULL`);
    await q.query(`ALTER TABLE "function_zone" ALTER COLUMN "target_met" SET DEFAULT true`);
    await q.query(`ALTER TABLE "function_zone" ALTER COLUMN "target_met" SET NOT NULL`);
    await q.query(`UPDATE "sample_value" SET "exceedance_multiple" = 0 WHERE "deviation" IS NOT NULL`);
    await q.query(`ALTER TABLE "sample_value" DROP COLUMN "explanation_en"`);
    await q.query(`ALTER TABLE "sample_value" DROP COLUMN "explanation_zh"`);
    await q.query(`ALTER TABLE "sample_value" DROP COLUMN "deviation_direction"`);
    await q.query(`ALTER TABLE "sample_value" DROP COLUMN "deviation"`);
  }
}
