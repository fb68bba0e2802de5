import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { beijingDateTime, beijingToday, FileStorage, Principal, XLSX_CONTENT_TYPE } from '@outfall/common';
import { OutfallsService } from '@outfall/directory';
import { defineJob, JobContext, JobRunner, QueueName } from '@outfall/queue';
import {
  BANK_LABELS,
  DISCHARGE_METHOD_LABELS,
  DISCHARGE_MODE_LABELS,
  DISPOSITION_LABELS,
  MILESTONE_LABELS,
  zhLabel,
  OUTFALL_AREA_LABELS,
  OUTFALL_CATEGORY_LABELS,
  OUTFALL_SUB_TYPE_LABELS,
  PLAN_HISTORY_ACTION_LABELS,
  PLAN_STATUS_LABELS,
  PROBLEMS,
  Problem,
  SAMPLE_SOURCE_LABELS,
  SETUP_APPROVAL_LABELS,
  SEWAGE_ORIGIN_LABELS,
  TARGET_STATE_LABELS,
  TRACING_METHOD_LABELS,
} from '@outfall/shared-types';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { DispositionService } from '../disposition/disposition.service';
import { PlanFilterDto, RemediationLedgerKind } from '../dto/remediation.dto';
import { isOverdue } from '../plans/plan-workflow';

export interface RemediationLedgerJobData {
  kind: RemediationLedgerKind;
  filter: Record<string, string | boolean>;
}

export interface RemediationLedgerJobResult {
  rows: number;
  outfalls: number;
  file: { storageKey: string; fileName: string; contentType: string };
}

export const REMEDIATION_LEDGER_JOB = defineJob<RemediationLedgerJobData, RemediationLedgerJobResult>(
  QueueName.Exports,
  'remediation-ledger',
);

const CHUNK = 500;

const problemText = (codes: string[] | null) =>
  (codes ?? []).map((code) => PROBLEMS[code as Problem]?.zh ?? code).join('、');
const beijingTime = (at: Date | string | null) => beijingDateTime(at);

type Row = Record<string, unknown>;

/**
 * The rectification-measures ledger (整改措施台账), the on-site investigation ledger (现场排查台账) and the
 * one-outfall-one-policy archive (一口一档: one sheet per part) as XLSX_CONTENT_TYPE, for the plan filters within the
 * requester's jurisdiction.
 */
@Injectable()
export class RemediationLedgerJob implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly runner: JobRunner,
    private readonly outfalls: OutfallsService,
    private readonly dispositions: DispositionService,
    private readonly storage: FileStorage,
  ) {}

  onModuleInit(): void {
    this.runner.register(REMEDIATION_LEDGER_JOB, (context) => this.run(context));
  }

  /** The outfalls in scope: visible to the requester and matching the filter (with a plan for the rectification ledger). */
  private async outfallIds(
    principal: Principal,
    filter: PlanFilterDto,
    planOnly: boolean,
  ): Promise<string[]> {
    const qb = this.outfalls
      .filtered(principal, {
        waterBodyId: filter.waterBodyId,
        divisionId: filter.divisionId,
        category: filter.category,
      })
      .select('outfall.id', 'id')
      .orderBy('outfall.local_code');
    if (filter.outfallId) qb.andWhere('outfall.id = :ledgerOutfall', { ledgerOutfall: filter.outfallId });
    const planFilter = filter.status || filter.responsibleUnitId || filter.overdue !== undefined;
    if (planOnly && !planFilter) {
      // the rectification ledger: outfalls with a plan, and those whose remediation was back-entered (补录)
      qb.andWhere(
        `(EXISTS (SELECT 1 FROM remediation_plan lp WHERE lp.outfall_id = outfall.id)
          OR EXISTS (SELECT 1 FROM outfall_event be WHERE be.outfall_id = outfall.id AND be.back_entered
                       AND be.type IN ('remediation_completed', 'verified')))`,
      );
    } else if (planOnly || planFilter) {
      qb.innerJoin('remediation_plan', 'plan', 'plan.outfall_id = outfall.id');
      if (filter.status) qb.andWhere('plan.status = :ledgerStatus', { ledgerStatus: filter.status });
      if (filter.responsibleUnitId)
        qb.andWhere('plan.responsible_unit_id = :ledgerUnit', { ledgerUnit: filter.responsibleUnitId });
      if (filter.overdue !== undefined) {
        const overdue = `(plan.deadline < CAST(:ledgerToday AS date) AND plan.status NOT IN ('completed', 'verified'))`;
        qb.andWhere(filter.overdue ? overdue : `NOT ${overdue}`, { ledgerToday: beijingToday() });
      }
    }
    return (await qb.getRawMany<{ id: string }>()).map((r) => r.id);
  }

  async run(context: JobContext<RemediationLedgerJobData>): Promise<RemediationLedgerJobResult> {
    const principal = context.owner;
    if (!principal) throw new Error('a ledger needs the account that asked for it');
    const filter = context.data.filter as unknown as PlanFilterDto;
    const kind = context.data.kind;
    const ids = await this.outfallIds(principal, filter, kind === RemediationLedgerKind.Rectification);
    const workbook = new ExcelJS.Workbook();
    workbook.creator = 'river-outfall platform';
    let rows = 0;
    const progress = (done: number) => context.updateProgress(ids.length ? (done / ids.length) * 95 : 95);
    for (let start = 0; start < ids.length || start === 0; start += CHUNK) {
      const chunk = ids.slice(start, start + CHUNK);
      if (kind === RemediationLedgerKind.Rectification) rows += await this.rectification(workbook, chunk);
      else if (kind === RemediationLedgerKind.Investigation)
        rows += await this.investigation(workbook, chunk);
      else rows += await this.archive(workbook, chunk);
      await progress(start + chunk.length);
      if (!ids.length) break;
    }
    for (const sheet of workbook.worksheets) {
      sheet.getRow(1).font = { bold: true };
      sheet.views = [{ state: 'frozen', ySplit: 1 }];
    }
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const storageKey = `exports/${context.id}.xlsx`;
    await this.storage.put(storageKey, buffer);
    const title = { rectification: '整改措施台账', investigation: '现场排查台账', archive: '一口一档' }[kind];
    return {
      rows,
      outfalls: ids.length,
      file: {
        storageKey,
        fileName: `${title}-${context.id.slice(0, 8)}.xlsx`,
        contentType: XLSX_CONTENT_TYPE,
      },
    };
  }

  private sheet(
    workbook: ExcelJS.Workbook,
    name: string,
    columns: [string, string, number][],
  ): ExcelJS.Worksheet {
    const existing = workbook.getWorksheet(name);
    if (existing) return existing;
    const sheet = workbook.addWorksheet(name);
    sheet.columns = columns.map(([header, key, width]) => ({ header, key, width }));
    return sheet;
  }

  private async rectification(
    workbook: ExcelJS.Workbook,
    ids: string[],
    name = '整改措施台账',
  ): Promise<number> {
    const sheet = this.sheet(workbook, name, [
      ['序号', 'n', 6],
      ['排污口编码', 'code', 16],
      ['排污口名称', 'name', 30],
      ['排污口类别', 'category', 14],
      ['乡镇（街道）', 'division', 14],
      ['整治类型', 'disposition', 12],
      ['存在问题', 'problems', 36],
      ['整改措施', 'measures', 40],
      ['整治目标', 'target', 16],
      ['责任单位', 'unit', 20],
      ['责任人', 'person', 10],
      ['联系电话', 'phone', 14],
      ['完成时限', 'deadline', 12],
      ['状态', 'status', 16],
      ['是否逾期', 'overdue', 8],
      ['完成日期', 'completedOn', 12],
      ['销号日期', 'verifiedOn', 12],
      ['历史补录', 'backEntered', 8],
      ['补录原因', 'backEntryReason', 30],
      ['依据文件', 'backEntryDocument', 20],
    ]);
    if (!ids.length) return 0;
    // remediation done before the platform, back-entered by the eco branch: no plan, marked as such
    const backEntered = await this.dataSource.query<Row[]>(
      `SELECT o.local_code AS code, o.name, o.category, d.name AS division, dec.disposition,
              to_char(max(e.effective_on) FILTER (WHERE e.type = 'remediation_completed'), 'YYYY-MM-DD') AS "completedOn",
              to_char(max(e.effective_on) FILTER (WHERE e.type = 'verified'), 'YYYY-MM-DD') AS "verifiedOn",
              max(e.back_entry_reason) AS "backEntryReason", max(e.back_entry_document) AS "backEntryDocument"
         FROM outfall_event e JOIN outfall o ON o.id = e.outfall_id JOIN division d ON d.id = o.division_id
         LEFT JOIN remediation_decision dec ON dec.outfall_id = o.id
        WHERE e.outfall_id = ANY($1::uuid[]) AND e.back_entered AND e.type IN ('remediation_completed', 'verified')
          AND NOT EXISTS (SELECT 1 FROM remediation_plan p WHERE p.outfall_id = o.id)
        GROUP BY o.id, o.local_code, o.name, o.category, d.name, dec.disposition`,
      [ids],
    );
    const plans = await this.dataSource.query<Row[]>(
      `SELECT o.local_code AS code, o.name, o.category, d.name AS division, dec.disposition, p.problems,
              p.problem_notes AS "problemNotes", p.measures, p.target_state AS target, u.name AS unit,
              p.responsible_person AS person, p.responsible_phone AS phone, to_char(p.deadline, 'YYYY-MM-DD') AS deadline,
              p.status, to_char(p.completed_on, 'YYYY-MM-DD') AS "completedOn", to_char(p.verified_on, 'YYYY-MM-DD') AS "verifiedOn"
         FROM remediation_plan p JOIN outfall o ON o.id = p.outfall_id JOIN division d ON d.id = o.division_id
         JOIN unit u ON u.id = p.responsible_unit_id LEFT JOIN remediation_decision dec ON dec.outfall_id = o.id
        WHERE p.outfall_id = ANY($1::uuid[]) ORDER BY o.local_code`,
      [ids],
    );
    for (const p of plans) {
      sheet.addRow({
        ...p,
        n: sheet.rowCount,
        category: zhLabel(OUTFALL_CATEGORY_LABELS, p.category),
        disposition: zhLabel(DISPOSITION_LABELS, p.disposition),
        problems: [problemText(p.problems as string[]), p.problemNotes].filter(Boolean).join('；'),
        target: zhLabel(TARGET_STATE_LABELS, p.target),
        status: zhLabel(PLAN_STATUS_LABELS, p.status),
        overdue: isOverdue(String(p.deadline), p.status as never) ? '是' : '否',
        backEntered: '否',
      });
    }
    for (const b of backEntered)
      sheet.addRow({
        ...b,
        n: sheet.rowCount,
        category: zhLabel(OUTFALL_CATEGORY_LABELS, b.category),
        disposition: zhLabel(DISPOSITION_LABELS, b.disposition),
        status: b.verifiedOn ? '已核查销号（补录）' : '已完成整治（补录）',
        overdue: '否',
        backEntered: '是',
      });
    return plans.length + backEntered.length;
  }

  private async investigation(
    workbook: ExcelJS.Workbook,
    ids: string[],
    name = '现场排查台账',
  ): Promise<number> {
    const sheet = this.sheet(workbook, name, [
      ['序号', 'n', 6],
      ['排污口编码', 'code', 16],
      ['排污口名称', 'name', 30],
      ['排污口类别', 'category', 14],
      ['排污口类型', 'subType', 22],
      ['受纳水体', 'water', 12],
      ['岸别', 'bank', 6],
      ['乡镇（街道）', 'division', 14],
      ['经度', 'longitude', 11],
      ['纬度', 'latitude', 11],
      ['排放方式', 'mode', 10],
      ['排放形式', 'method', 10],
      ['口径（毫米）', 'size', 10],
      ['所属区域', 'area', 10],
      ['发现日期', 'discoveredOn', 12],
      ['现场排查日期', 'investigatedOn', 12],
      ['设置审批', 'approval', 10],
      ['标识牌', 'signage', 8],
      ['责任主体', 'entity', 26],
      ['发现问题', 'problems', 36],
      ['建议整治类型', 'suggestion', 14],
    ]);
    if (!ids.length) return 0;
    const [outfalls, suggestions] = await Promise.all([
      this.dataSource.query<Row[]>(
        `SELECT o.id, o.local_code AS code, o.name, o.category, o.sub_type AS "subType", w.name AS water, o.bank,
                d.name AS division, o.longitude, o.latitude, o.discharge_mode AS mode, o.discharge_method AS method,
                o.size_mm AS size, o.area, to_char(o.discovered_on, 'YYYY-MM-DD') AS "discoveredOn",
                (SELECT to_char(e.effective_on, 'YYYY-MM-DD') FROM outfall_event e WHERE e.outfall_id = o.id AND e.type = 'investigated') AS "investigatedOn",
                o.setup_approval AS approval, o.signage_installed AS signage,
                (SELECT r.name FROM outfall_entity l JOIN responsible_entity r ON r.id = l.entity_id WHERE l.outfall_id = o.id AND l.is_main) AS entity
           FROM outfall o JOIN water_body w ON w.id = o.water_body_id JOIN division d ON d.id = o.division_id
          WHERE o.id = ANY($1::uuid[]) ORDER BY o.local_code`,
        [ids],
      ),
      this.dispositions.suggest(this.dataSource.manager, ids),
    ]);
    for (const o of outfalls) {
      const suggestion = suggestions.get(String(o.id));
      sheet.addRow({
        ...o,
        n: sheet.rowCount,
        category: zhLabel(OUTFALL_CATEGORY_LABELS, o.category),
        subType: zhLabel(OUTFALL_SUB_TYPE_LABELS, o.subType),
        bank: zhLabel(BANK_LABELS, o.bank),
        mode: zhLabel(DISCHARGE_MODE_LABELS, o.mode),
        method: zhLabel(DISCHARGE_METHOD_LABELS, o.method),
        area: zhLabel(OUTFALL_AREA_LABELS, o.area),
        approval: zhLabel(SETUP_APPROVAL_LABELS, o.approval),
        signage: o.signage ? '已设置' : '未设置',
        problems: problemText(suggestion?.problems ?? []),
        suggestion: zhLabel(DISPOSITION_LABELS, suggestion?.disposition),
      });
    }
    return outfalls.length;
  }

  /** 一口一档: the card, entities, samples and exceedances, tracing, the plan, its history and evidence. */
  private async archive(workbook: ExcelJS.Workbook, ids: string[]): Promise<number> {
    const investigated = await this.investigation(workbook, ids, '名录卡片');
    const entities = this.sheet(workbook, '责任主体', [
      ['排污口编码', 'code', 16],
      ['责任主体', 'name', 30],
      ['统一社会信用代码', 'creditCode', 22],
      ['主要责任主体', 'main', 10],
      ['汇入前已计量', 'metering', 12],
      ['属地兜底', 'fallback', 10],
    ]);
    const samples = this.sheet(workbook, '监测与超标', [
      ['排污口编码', 'code', 16],
      ['采样时间（北京时间）', 'sampledAt', 18],
      ['数据来源', 'source', 14],
      ['执行标准', 'standard', 20],
      ['指标', 'indicator', 14],
      ['监测值', 'value', 10],
      ['限值', 'limit', 10],
      ['是否达标', 'compliant', 10],
      ['超标倍数', 'multiple', 10],
      ['评价说明', 'note', 36],
    ]);
    const tracing = this.sheet(workbook, '溯源', [
      ['排污口编码', 'code', 16],
      ['溯源日期', 'tracedOn', 12],
      ['溯源方法', 'method', 14],
      ['污水类型', 'origin', 12],
      ['主要污染因子', 'factors', 16],
      ['溯源结论', 'conclusion', 40],
      ['是否完成', 'complete', 8],
      ['完成日期', 'completedOn', 12],
    ]);
    const milestones = this.sheet(workbook, '里程碑', [
      ['排污口编码', 'code', 16],
      ['里程碑', 'type', 14],
      ['日期', 'on', 12],
      ['来源', 'source', 14],
      ['历史补录', 'backEntered', 8],
      ['补录原因', 'reason', 30],
      ['依据文件', 'document', 20],
      ['待复核', 'review', 8],
      ['录入时间（北京时间）', 'at', 18],
    ]);
    const rectified = await this.rectification(workbook, ids, '一口一策方案');
    const history = this.sheet(workbook, '方案历史', [
      ['排污口编码', 'code', 16],
      ['版本', 'version', 6],
      ['操作', 'action', 12],
      ['原状态', 'from', 14],
      ['新状态', 'to', 14],
      ['原因', 'reason', 30],
      ['操作人', 'actor', 14],
      ['时间（北京时间）', 'at', 18],
    ]);
    const evidence = this.sheet(workbook, '证据清单', [
      ['排口编码', 'code', 16],
      ['类型', 'kind', 12],
      ['文件名', 'fileName', 36],
      ['大小（字节）', 'size', 12],
      ['上传时间（北京时间）', 'at', 18],
      ['整治证据', 'use', 16],
    ]);
    if (!ids.length) return 0;
    const q = <T = Row>(sql: string) => this.dataSource.query<T[]>(sql, [ids]);
    const [links, readings, records, versions, files, events] = await Promise.all([
      q(`SELECT o.local_code AS code, e.name, e.credit_code AS "creditCode", l.is_main AS main,
                l.metering_installed AS metering, l.is_fallback AS fallback
           FROM outfall_entity l JOIN responsible_entity e ON e.id = l.entity_id JOIN outfall o ON o.id = l.outfall_id
          WHERE l.outfall_id = ANY($1::uuid[]) ORDER BY o.local_code, l.is_main DESC, e.name`),
      q(`SELECT o.local_code AS code, s.sampled_at AS "sampledAt", s.source, s.standard_id AS standard,
                i.name_zh AS indicator, v.value, v.qualifier, v.limit_text AS "limit", v.compliant, v.exceedance_multiple AS multiple,
                v.explanation_zh AS note
           FROM sample s JOIN sample_value v ON v.sample_id = s.id JOIN outfall o ON o.id = s.outfall_id
           LEFT JOIN indicator i ON i.code = v.indicator_code
          WHERE s.outfall_id = ANY($1::uuid[]) ORDER BY o.local_code, s.sampled_at, i.sort_order`),
      q(`SELECT o.local_code AS code, to_char(t.traced_on, 'YYYY-MM-DD') AS "tracedOn", t.method, t.sewage_origin AS origin,
                array_to_string(t.main_factors, '、') AS factors, t.conclusion, t.complete,
                to_char(t.completed_on, 'YYYY-MM-DD') AS "completedOn"
           FROM tracing_record t JOIN outfall o ON o.id = t.outfall_id
          WHERE t.outfall_id = ANY($1::uuid[]) ORDER BY o.local_code, t.traced_on`),
      q(`SELECT o.local_code AS code, v.version, v.action, v.from_status AS "from", v.to_status AS "to", v.reason,
                v.actor_name AS actor, v.at
           FROM remediation_plan_version v JOIN remediation_plan p ON p.id = v.plan_id JOIN outfall o ON o.id = p.outfall_id
          WHERE p.outfall_id = ANY($1::uuid[]) ORDER BY o.local_code, v.at, v.version`),
      q(`SELECT o.local_code AS code, a.kind, a.file_name AS "fileName", a.size_bytes AS size, a.created_at AS at,
                CASE WHEN a.id = ANY(p.before_photo_ids) THEN '整治前照片'
                     WHEN a.id = ANY(p.after_photo_ids) THEN '整治后照片'
                     WHEN a.id = ANY(p.evidence_ids) THEN '其他证据' ELSE '' END AS use
           FROM outfall_attachment a JOIN outfall o ON o.id = a.outfall_id
           LEFT JOIN remediation_plan p ON p.outfall_id = a.outfall_id
          WHERE a.outfall_id = ANY($1::uuid[]) ORDER BY o.local_code, a.created_at`),
      q(`SELECT o.local_code AS code, e.type, to_char(e.effective_on, 'YYYY-MM-DD') AS on, e.source,
                e.back_entered AS "backEntered", e.back_entry_reason AS reason, e.back_entry_document AS document,
                e.review_state AS review, e.recorded_at AS at
           FROM outfall_event e JOIN outfall o ON o.id = e.outfall_id
          WHERE e.outfall_id = ANY($1::uuid[]) ORDER BY o.local_code, e.effective_on`),
    ]);
    const SOURCES: Record<string, string> = {
      manual: '手工录入',
      import: '导入',
      workflow: '业务流程',
      back_entry: '历史补录',
    };
    for (const e of events)
      milestones.addRow({
        ...e,
        type: zhLabel(MILESTONE_LABELS, e.type),
        source: SOURCES[String(e.source)] ?? e.source,
        backEntered: e.backEntered ? '是' : '否',
        review: e.review ? '是' : '',
        at: beijingTime(e.at as Date),
      });
    for (const l of links)
      entities.addRow({
        ...l,
        main: l.main ? '是' : '否',
        metering: l.metering ? '是' : '否',
        fallback: l.fallback ? '是' : '否',
      });
    for (const r of readings)
      samples.addRow({
        ...r,
        sampledAt: beijingTime(r.sampledAt as Date),
        source: zhLabel(SAMPLE_SOURCE_LABELS, r.source),
        value: r.qualifier === 'below_detection' ? `${String(r.value)}L` : r.value,
        compliant: r.compliant === null ? '' : r.compliant ? '达标' : '超标',
        multiple: r.multiple ?? '',
        note: r.note ?? '',
      });
    for (const t of records)
      tracing.addRow({
        ...t,
        method: zhLabel(TRACING_METHOD_LABELS, t.method),
        origin: zhLabel(SEWAGE_ORIGIN_LABELS, t.origin),
        complete: t.complete ? '是' : '否',
      });
    for (const v of versions)
      history.addRow({
        ...v,
        action: zhLabel(PLAN_HISTORY_ACTION_LABELS, v.action),
        from: zhLabel(PLAN_STATUS_LABELS, v.from),
        to: zhLabel(PLAN_STATUS_LABELS, v.to),
        at: beijingTime(v.at as Date),
      });
    for (const f of files)
      evidence.addRow({ ...f, kind: f.kind === 'document' ? '文件' : '照片', at: beijingTime(f.at as Date) });
    return (
      investigated +
      rectified +
      links.length +
      readings.length +
      records.length +
      versions.length +
      files.length +
      events.length
    );
  }
}
