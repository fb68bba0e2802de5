import type { Schemas } from '../../api/schemas';

/** `all_or_nothing` writes nothing when any row is bad; `valid_only` writes the good rows. */
export const IMPORT_MODES = [
  'all_or_nothing',
  'valid_only',
] as const satisfies readonly Schemas['ImportMode'][];

export type ImportMode = Schemas['ImportMode'];

/** One rejected cell: the spreadsheet row number, the column header and the reason. */
export type ImportRowError = Schemas['ImportRowError'];

/**
 * The result of an import job (`GET /jobs/:id` once completed). The JobDto schema leaves `result` free-form;
 * the jobs store the same tally the layer import answers directly (the shared import run), so the contract's
 * `LayerImportResult` types it, without the layer-only fields.
 */
export type ImportResult = Pick<
  Schemas['LayerImportResult'],
  'mode' | 'rows' | 'created' | 'updated' | 'rejected' | 'committed' | 'errors'
>;
