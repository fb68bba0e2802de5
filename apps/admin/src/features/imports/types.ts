/** `all_or_nothing` writes nothing when any row is bad; `valid_only` writes the good rows. */
export const IMPORT_MODES = ['all_or_nothing', 'valid_only'] as const;

export type ImportMode = (typeof IMPORT_MODES)[number];

/** One rejected cell: the spreadsheet row number, the column header and the reason. */
export interface ImportRowError {
  row: number;
  field: string;
  message: string;
}

/** The result of an import job (`GET /jobs/:id` once completed): the JobDto schema leaves `result` free-form. */
export interface ImportResult {
  mode: ImportMode;
  rows: number;
  created: number;
  updated: number;
  rejected: number;
  /** Whether anything was written (all-or-nothing with a bad row writes nothing). */
  committed: boolean;
  /** The first 1 000 problems. */
  errors: ImportRowError[];
}
