import type { ApiOperations } from '@outfall/shared-types';
import type { Schemas } from '../../../api/schemas';

/** The base-data answers and bodies, as the contract types them (apps/api/openapi.json). */
export type WaterBody = Schemas['WaterBody'];
export type WaterBodyInput = Schemas['CreateWaterBodyDto'];
export type WaterBodyPatch = Schemas['UpdateWaterBodyDto'];
export type WaterBodyQuery = NonNullable<
  ApiOperations['WatersController_listWaterBodies']['parameters']['query']
>;

export type FunctionZone = Schemas['FunctionZone'];
export type FunctionZoneInput = Schemas['CreateFunctionZoneDto'];
export type FunctionZoneQuery = NonNullable<
  ApiOperations['WatersController_listFunctionZones']['parameters']['query']
>;

export type ProtectedArea = Schemas['ProtectedArea'];
export type ProtectedAreaInput = Schemas['CreateProtectedAreaDto'];
export type ProtectedAreaPatch = Schemas['UpdateProtectedAreaDto'];
export type ProtectedAreaQuery = NonNullable<
  ApiOperations['WatersController_listProtectedAreas']['parameters']['query']
>;

export type Division = Schemas['Division'];
export type DivisionInput = Schemas['CreateDivisionDto'];
export type DivisionPatch = Schemas['UpdateDivisionDto'];
export type DivisionQuery = NonNullable<ApiOperations['DivisionsController_list']['parameters']['query']>;

/** A sewer coverage area as the tab lists it: a feature's properties with its geometry. */
export type SewerCoverageArea = Schemas['SewerCoverageProperties'] & {
  geometry: Schemas['SewerCoverageFeature']['geometry'];
};
export type SewerCoverageInput = Schemas['SewerCoverageDto'];

export type Indicator = Schemas['Indicator'];
export type IndicatorInput = Schemas['CreateIndicatorDto'];
export type IndicatorPatch = Schemas['UpdateIndicatorDto'];

export type DischargeStandard = Schemas['DischargeStandard'];
export type StandardInput = Schemas['CreateStandardDto'];
export type StandardPatch = Schemas['UpdateStandardDto'];

/** The layers `POST /layers/imports` loads. */
export type LayerName = Schemas['Layer'];
export type LayerImportResult = Schemas['LayerImportResult'];
