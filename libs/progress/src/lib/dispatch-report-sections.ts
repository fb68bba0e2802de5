import { Injectable } from '@nestjs/common';

/** What a section knows about the report it goes into. */
export interface DispatchReportContext {
  /** `2024Q3`. */
  quarter: string;
  /** The snapshot's as-of day (Asia/Shanghai calendar day, `YYYY-MM-DD`). */
  asOf: string;
  /** When the snapshot was computed: facts recorded after it are not in the report. */
  computedAt: Date;
}

/** Excel number formats the report uses: rates are fractions (0.793 shown as 79.3%), counts integers. */
export const REPORT_NUM_FMT = {
  percent: '0.0%',
  integer: '0',
  decimal: '0.00',
} as const;

/** Optional 4th element of a column: how its values are formatted. */
export interface DispatchReportColumnOptions {
  /**
   * Excel number format, e.g. `REPORT_NUM_FMT.percent` (`0.0%`: values are fractions) or `0` (integers). Values
   * stay numbers in the XLSX; the HTML shows them formatted the same way. Without it, numbers are still numbers
   * and a text such as `79.3%` is turned into the fraction 0.793 with `0.0%`.
   */
  numFmt?: string;
  /** Chinese labels for stored codes in this column (e.g. `OUTFALL_CATEGORY_LABELS`): codes never reach the page. */
  labels?: Record<string, { zh: string }>;
}

/** [Chinese header, row key, column width] or, with formatting, [header, key, width, options]. */
export type DispatchReportColumn =
  [string, string, number] | [string, string, number, DispatchReportColumnOptions | undefined];

/** One table of a section: a sheet in the XLSX, a table under the section's heading in the HTML. */
export interface DispatchReportTable {
  /** Sheet name (≤ 31 characters) and sub-heading. */
  title: string;
  /** One sentence of figures above the table, e.g. `逾期未巡查 12 个`. */
  summary?: string;
  /** [Chinese header, row key, column width] (optionally a 4th element: number format, labels). */
  columns: DispatchReportColumn[];
  rows: Record<string, unknown>[];
  /** Sentences for the narrative's 主要问题 (e.g. `长期超标排污口 3 个：…`), deterministic from the figures. */
  highlights?: string[];
  /** Print orientation of the sheet; by default landscape when the columns are wider than an A4 portrait page. */
  orientation?: 'portrait' | 'landscape';
}

/**
 * A section that another domain (supervision: permits, enforcement, patrols …) contributes to the quarterly
 * dispatch report. The progress lib does not depend on those domains: they register here on module init.
 */
export interface DispatchReportSection {
  /** Stable key, e.g. `enforcement`. */
  key: string;
  /** Sections are printed after the progress sections, by ascending order. */
  order: number;
  /** Chinese heading, e.g. `执法监管`. */
  heading: string;
  load(context: DispatchReportContext): Promise<DispatchReportTable[]>;
}

/** The registry of contributed dispatch-report sections. */
@Injectable()
export class DispatchReportSections {
  private readonly sections = new Map<string, DispatchReportSection>();

  register(section: DispatchReportSection): void {
    this.sections.set(section.key, section);
  }

  list(): DispatchReportSection[] {
    return [...this.sections.values()].sort((a, b) => a.order - b.order || a.key.localeCompare(b.key));
  }

  /** Every section's tables, loaded in order. */
  async load(
    context: DispatchReportContext,
  ): Promise<{ section: DispatchReportSection; tables: DispatchReportTable[] }[]> {
    const loaded: { section: DispatchReportSection; tables: DispatchReportTable[] }[] = [];
    for (const section of this.list()) loaded.push({ section, tables: await section.load(context) });
    return loaded;
  }
}
