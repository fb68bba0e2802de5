import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig } from '@outfall/config';
import { DataSource } from 'typeorm';

/** GB/T 4754 codes given to the first demo enterprises (by name) that have none, so the requirement rules trigger. */
const DEMO_INDUSTRY_CODES = ['C3360', 'C2614', 'C1713', 'C1351', 'C3311', 'C2662'];
/** A synthetic landline for the demo signs (area code 0994, Changji). */
const DEMO_PHONE = '0994-2300000';

/**
 * Synthetic demo data for signage and required indicators; runs after the directory, monitoring and remediation
 * demo. Deterministic and idempotent: industry codes only where none is set, a sign for every sixth active demo
 * outfall with a main entity (two of three installed), every fifth of them outdated (the entity's name changed
 * since), and one requirement rule per water body for the first demo water.
 */
@Injectable()
export class SignageDemoSeeder {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async run(): Promise<void> {
    const base = this.config.PUBLIC_BASE_URL.replace(/\/+$/, '');
    await this.dataSource.transaction(async (em) => {
      await em.query(
        `UPDATE responsible_entity e SET industry_code = c.code
           FROM (SELECT id, row_number() OVER (ORDER BY name, id) AS n FROM responsible_entity
                  WHERE demo AND kind = 'enterprise') r
           JOIN unnest($1::varchar[]) WITH ORDINALITY AS c(code, n) ON c.n = r.n
          WHERE e.id = r.id AND e.industry_code IS NULL`,
        [DEMO_INDUSTRY_CODES],
      );
      await em.query(
        `INSERT INTO outfall_sign (outfall_id, outfall_name, outfall_code, entity_name, receiving_water,
                                   supervising_department, supervising_phone, qr_payload, installed, installed_on, version)
         SELECT c.id, c.name, c.code,
                CASE WHEN c.n % 30 = 7 THEN c.entity || '（更名前）' ELSE c.entity END,
                c.water, c.department, $2, $1 || '/o/' || c.code,
                c.signage_installed OR c.n % 18 <> 13,
                CASE WHEN c.signage_installed OR c.n % 18 <> 13
                     THEN COALESCE(c.signage_installed_on, c.discovered_on + 30 + (c.n % 20)::int) END, 1
           FROM (SELECT o.id, o.name, COALESCE(o.national_code, o.local_code) AS code, e.name AS entity,
                        w.name AS water, o.signage_installed, o.signage_installed_on, o.discovered_on,
                        (SELECT name FROM unit WHERE kind = 'ecology_branch' ORDER BY created_at LIMIT 1) AS department,
                        row_number() OVER (ORDER BY o.local_code) AS n
                   FROM outfall o
                   JOIN water_body w ON w.id = o.water_body_id
                   JOIN outfall_entity l ON l.outfall_id = o.id AND l.is_main
                   JOIN responsible_entity e ON e.id = l.entity_id
                  WHERE o.demo AND o.status = 'active') c
          WHERE c.n % 6 = 1 AND c.department IS NOT NULL
         ON CONFLICT (outfall_id) DO NOTHING`,
        [base, DEMO_PHONE],
      );
      // the outfall's own 是否已树标 / 树标日期 follow its sign
      await em.query(
        `UPDATE outfall o SET signage_installed = s.installed, signage_installed_on = s.installed_on
           FROM outfall_sign s WHERE s.outfall_id = o.id AND o.demo
            AND (o.signage_installed, o.signage_installed_on) IS DISTINCT FROM (s.installed, s.installed_on)`,
      );
      await em.query(
        `INSERT INTO required_indicator_rule (name, water_body_id, indicator_codes, basis, version)
         SELECT '下游饮用水源保护河段', w.id, ARRAY['fecal_coliform', 'petroleum']::varchar[],
                '演示：下游河段水质管控要求', 1
           FROM (SELECT id FROM water_body WHERE demo ORDER BY code LIMIT 1) w
          WHERE NOT EXISTS (SELECT 1 FROM required_indicator_rule WHERE name = '下游饮用水源保护河段')`,
      );
    });
  }
}
