import type {
  DivisionLevel,
  ProtectedAreaKind,
  WaterClass,
  WaterKind,
  WaterLevel,
} from '@outfall/shared-types';

/** GeoJSON geometry as the API takes and gives it (WGS84). */
export type GeoJsonGeometry = Record<string, unknown>;

export interface WaterBody {
  id: string;
  code: string;
  name: string;
  kind: WaterKind;
  level: WaterLevel;
  isKey: boolean;
  demo: boolean;
  version: number;
}

export interface WaterBodyInput {
  code?: string;
  name: string;
  kind: WaterKind;
  level: WaterLevel;
  isKey?: boolean;
  centerline?: GeoJsonGeometry | null;
  shoreline?: GeoJsonGeometry | null;
}

export interface FunctionZone {
  id: string;
  name: string;
  waterBodyId: string;
  targetClass: WaterClass;
  targetMet: boolean | null;
  demo?: boolean;
}

export interface FunctionZoneInput {
  name: string;
  waterBodyId: string;
  targetClass: WaterClass;
  targetMet?: boolean | null;
  geometry?: GeoJsonGeometry | null;
}

export interface ProtectedArea {
  id: string;
  kind: ProtectedAreaKind;
  name: string;
  designatedOn: string | null;
  demo?: boolean;
  version: number;
}

export interface ProtectedAreaInput {
  kind?: ProtectedAreaKind;
  name: string;
  designatedOn?: string;
  geometry?: GeoJsonGeometry;
}

export interface Division {
  id: string;
  code: string;
  name: string;
  level: DivisionLevel;
  parentId: string | null;
  demo: boolean;
  version: number;
}

export interface DivisionInput {
  code?: string;
  name: string;
  level?: DivisionLevel;
  parentId?: string;
}

export interface SewerCoverageArea {
  id: string;
  name: string;
  version: number;
  geometry: GeoJsonGeometry;
}

export interface Indicator {
  code: string;
  nameZh: string;
  nameEn: string;
  unit: string | null;
  decimals: number;
  physicalMin: number | null;
  physicalMax: number | null;
  sortOrder: number;
  version: number;
  /** The seven indicators every sample needs cannot be removed. */
  required: boolean;
}

export interface IndicatorInput {
  code?: string;
  nameZh: string;
  nameEn: string;
  unit?: string;
  decimals?: number;
  physicalMin?: number;
  physicalMax?: number;
  sortOrder?: number;
}

export interface DischargeStandard {
  id: string;
  standard: string;
  grade: string;
  nameZh: string;
  overridesId: string | null;
  /** National grades shipped with the system: read-only. */
  builtin: boolean;
  rules: unknown[];
  version: number;
}

export interface StandardInput {
  id?: string;
  standard?: string;
  grade?: string;
  nameZh: string;
  overridesId?: string;
  rules: unknown[];
}

/** The layers `POST /layers/imports` loads. */
export type LayerName = 'water_bodies' | 'function_zones' | 'protected_areas' | 'divisions';

export interface LayerImportResult {
  mode: string;
  rows: number;
  created: number;
  updated: number;
  rejected: number;
  committed: boolean;
  errors: { row: number; field?: string; message: string }[];
  outfallsMoved?: number;
  outfallsFlagged?: number;
}
