/** A pollutant code of HJ 212-2017 mapped to an indicator of the catalogue, with a unit factor. */
export interface PollutantMapping {
  code: string;
  indicator: string;
  /** The sent value is multiplied by this to get the indicator's unit (1 when the units agree). */
  factor: number;
}

/**
 * The default table (HJ 212-2017 appendix B, water). Flow (w00000) is sent in L/s; the catalogue's flow is in
 * m³/d, so it is multiplied by 86.4. Override or extend with HJ212_POLLUTANT_CODES.
 */
export const DEFAULT_POLLUTANT_CODES: PollutantMapping[] = [
  { code: 'w01018', indicator: 'cod', factor: 1 },
  { code: 'w21003', indicator: 'nh3n', factor: 1 },
  { code: 'w21011', indicator: 'tp', factor: 1 },
  { code: 'w21001', indicator: 'tn', factor: 1 },
  { code: 'w01001', indicator: 'ph', factor: 1 },
  { code: 'w01010', indicator: 'temperature', factor: 1 },
  { code: 'w00000', indicator: 'flow', factor: 86.4 },
];

/**
 * `w01018=cod,w00000=flow*86.4,w01009=` → mappings over the defaults (an empty indicator drops the code).
 * Throws on a malformed entry.
 */
export function pollutantTable(override: string | undefined): Map<string, PollutantMapping> {
  const table = new Map(DEFAULT_POLLUTANT_CODES.map((m) => [m.code, m]));
  for (const entry of (override ?? '').split(',')) {
    const text = entry.trim();
    if (!text) continue;
    const m = /^([A-Za-z0-9]{1,16})=([a-z0-9_]{0,32})(?:\*(\d+(?:\.\d+)?))?$/.exec(text);
    if (!m)
      throw new Error(`HJ212_POLLUTANT_CODES: "${text}" is not code=indicator or code=indicator*factor`);
    if (!m[2]) table.delete(m[1]);
    else table.set(m[1], { code: m[1], indicator: m[2], factor: m[3] ? Number(m[3]) : 1 });
  }
  return table;
}
