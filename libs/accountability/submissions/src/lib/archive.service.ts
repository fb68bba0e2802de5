import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainException, MAX_PAGE_SIZE, Principal } from '@outfall/common';
import { OutfallsService } from '@outfall/directory';
import { ArchiveItem } from '@outfall/shared-types';
import { DataSource } from 'typeorm';
import { ArchiveQueryDto } from './submissions.dto';

export interface ArchiveRow {
  outfallId: string;
  localCode: string;
  name: string;
  division: string | null;
  disposition: string | null;
  required: ArchiveItem[];
  missing: ArchiveItem[];
  complete: boolean;
}

const ITEMS = Object.values(ArchiveItem);

/**
 * The items each outfall's archive (一口一档) needs, and which are missing, in one statement over the existing
 * tables. Always: investigation record (milestone), a photo, the disposition decision (三个一批), a tracing result
 * (milestone or a complete tracing record). When the outfall keeps discharging (standardise / keep): a
 * water-quality sample. When it requires remediation: the plan (一口一策), completion evidence (the completion
 * milestone and, with a plan, after photos) and the verification (销号). Merged duplicates are left out.
 */
export const ARCHIVE_SQL = (base: string) => `
  WITH base AS (${base}),
  facts AS (
    SELECT b.id, b.code, b.name, d.name AS division, dec.disposition,
           COALESCE(dec.requires_remediation, false) AS requires,
           dec.disposition IN ('standardise', 'keep') AS discharging,
           EXISTS (SELECT 1 FROM outfall_event e WHERE e.outfall_id = b.id AND e.type = 'investigated') AS investigation,
           EXISTS (SELECT 1 FROM outfall_attachment a WHERE a.outfall_id = b.id AND a.kind IN ('photo', 'signage_photo')) AS photos,
           EXISTS (SELECT 1 FROM sample s WHERE s.outfall_id = b.id) AS sample,
           (EXISTS (SELECT 1 FROM outfall_event e WHERE e.outfall_id = b.id AND e.type = 'traced')
             OR EXISTS (SELECT 1 FROM tracing_record t WHERE t.outfall_id = b.id AND t.complete)) AS tracing,
           dec.outfall_id IS NOT NULL AS disposition_done,
           p.id IS NOT NULL AS plan,
           (EXISTS (SELECT 1 FROM outfall_event e WHERE e.outfall_id = b.id AND e.type = 'remediation_completed')
             AND (p.id IS NULL OR cardinality(p.after_photo_ids) > 0)) AS completion,
           EXISTS (SELECT 1 FROM outfall_event e WHERE e.outfall_id = b.id AND e.type = 'verified') AS verification
      FROM base b
      JOIN outfall o ON o.id = b.id
      LEFT JOIN division d ON d.id = o.division_id
      LEFT JOIN remediation_decision dec ON dec.outfall_id = b.id
      LEFT JOIN remediation_plan p ON p.outfall_id = b.id
     WHERE o.status <> 'merged'
  ),
  items AS (
    SELECT f.*,
           array_remove(ARRAY['investigation', 'photos', CASE WHEN f.discharging THEN 'sample' END, 'tracing', 'disposition',
                              CASE WHEN f.requires THEN 'plan' END, CASE WHEN f.requires THEN 'completion' END,
                              CASE WHEN f.requires THEN 'verification' END], NULL) AS required,
           array_remove(ARRAY[CASE WHEN NOT f.investigation THEN 'investigation' END,
                              CASE WHEN NOT f.photos THEN 'photos' END,
                              CASE WHEN f.discharging AND NOT f.sample THEN 'sample' END,
                              CASE WHEN NOT f.tracing THEN 'tracing' END,
                              CASE WHEN NOT f.disposition_done THEN 'disposition' END,
                              CASE WHEN f.requires AND NOT f.plan THEN 'plan' END,
                              CASE WHEN f.requires AND NOT f.completion THEN 'completion' END,
                              CASE WHEN f.requires AND NOT f.verification THEN 'verification' END], NULL) AS missing
      FROM facts f
  )`;

@Injectable()
export class ArchiveService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outfalls: OutfallsService,
  ) {}

  private base(principal: Principal, divisionId?: string): [string, unknown[]] {
    const qb = this.outfalls
      .filtered(principal, { divisionId })
      .select('outfall.id', 'id')
      .addSelect('outfall.local_code', 'code')
      .addSelect('outfall.name', 'name');
    return qb.getQueryAndParameters();
  }

  /** Archives within the caller's jurisdiction, filtered (township, incomplete, missing item), by code. */
  async list(principal: Principal, query: ArchiveQueryDto, all = false) {
    if (query.missing && !ITEMS.includes(query.missing as ArchiveItem))
      throw DomainException.invalid('missing', `missing must be one of: ${ITEMS.join(', ')}`);
    const sortable: Record<string, string> = { localCode: 'code', missing: 'cardinality(missing)' };
    const [key, ...rest] = (query.sort ?? 'localCode').split(',');
    if (rest.length || !sortable[key.replace(/^-/, '')])
      throw DomainException.invalid('sort', `sort field must be one of: ${Object.keys(sortable).join(', ')}`);
    const order = `${sortable[key.replace(/^-/, '')]} ${key.startsWith('-') ? 'DESC' : 'ASC'}, code ASC`;
    const [sql, params] = this.base(principal, query.divisionId);
    const n = params.length;
    const where: string[] = [];
    if (query.incomplete !== undefined)
      where.push(query.incomplete ? 'cardinality(missing) > 0' : 'cardinality(missing) = 0');
    if (query.missing) where.push(`$${n + 1} = ANY(missing)`);
    const args = [...params, ...(query.missing ? [query.missing] : [])];
    const limit = all ? 1_000_000 : Math.min(query.limit ?? 20, MAX_PAGE_SIZE);
    const offset = all ? 0 : (query.offset ?? 0);
    const rows = await this.dataSource.query<
      {
        id: string;
        code: string;
        name: string;
        division: string | null;
        disposition: string | null;
        required: ArchiveItem[];
        missing: ArchiveItem[];
        total: number;
      }[]
    >(
      `${ARCHIVE_SQL(sql)}
       SELECT id, code, name, division, disposition, required, missing, count(*) OVER ()::int AS total
         FROM items ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`,
      args,
    );
    const [summary] = await this.dataSource.query<
      { outfalls: number; complete: number; byItem: Record<string, number> | null }[]
    >(
      `${ARCHIVE_SQL(sql)}
       SELECT count(*)::int AS outfalls, count(*) FILTER (WHERE cardinality(missing) = 0)::int AS complete,
              (SELECT jsonb_object_agg(item, c) FROM (SELECT item, count(*)::int AS c FROM items, unnest(missing) AS item GROUP BY item) x) AS "byItem"
         FROM items`,
      params,
    );
    return {
      items: rows.map<ArchiveRow>((r) => ({
        outfallId: r.id,
        localCode: r.code,
        name: r.name,
        division: r.division,
        disposition: r.disposition,
        required: r.required,
        missing: r.missing,
        complete: r.missing.length === 0,
      })),
      total: rows[0]?.total ?? 0,
      limit,
      offset,
      summary: {
        outfalls: summary.outfalls,
        complete: summary.complete,
        missingByItem: summary.byItem ?? {},
      },
    };
  }
}
