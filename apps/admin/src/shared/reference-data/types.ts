import type { Schemas } from '../../api/schemas';

/** A division (行政区划) as `GET /divisions` answers it. */
export type DivisionRow = Schemas['Division'];

/** A water body as `GET /water-bodies` answers it. */
export type WaterBodyRow = Schemas['WaterBody'];
