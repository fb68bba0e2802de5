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

/** One table of a section: a sheet in the XLSX, a table under the section's heading in the HTML. */
export interface DispatchReportTable {
  /** Sheet name (≤ 31 characters) and sub-heading. */
  title: string;
  /** One sentence of figures above the table, e.g. `逾期未巡查 12 个`. */
  summary?: string;
  /** [Chinese header, row key, column width]. */
  columns: [string, string, number][];
  rows: Record<string, unknown>[];
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
