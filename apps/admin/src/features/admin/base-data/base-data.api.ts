import type { Page } from '@outfall/shared-types';
import { requestJson, withQuery } from '../../../api/http-client';
import type {
  DischargeStandard,
  Division,
  DivisionInput,
  FunctionZone,
  FunctionZoneInput,
  Indicator,
  IndicatorInput,
  LayerImportResult,
  LayerName,
  ProtectedArea,
  ProtectedAreaInput,
  SewerCoverageArea,
  StandardInput,
  WaterBody,
  WaterBodyInput,
} from './base-data.types';

type Query = Record<string, string | number | boolean | undefined>;
const V1 = '/api/v1';
const id = (value: string) => encodeURIComponent(value);

export const listWaterBodies = (query: Query, signal?: AbortSignal) =>
  requestJson<Page<WaterBody>>('GET', withQuery(`${V1}/water-bodies`, query), { signal });
export const createWaterBody = (input: WaterBodyInput) =>
  requestJson<WaterBody>('POST', `${V1}/water-bodies`, { body: input });
export const updateWaterBody = (waterId: string, input: Partial<WaterBodyInput> & { version: number }) =>
  requestJson<WaterBody>('PATCH', `${V1}/water-bodies/${id(waterId)}`, { body: input });

export const listFunctionZones = (query: Query, signal?: AbortSignal) =>
  requestJson<Page<FunctionZone>>('GET', withQuery(`${V1}/function-zones`, query), { signal });
export const createFunctionZone = (input: FunctionZoneInput) =>
  requestJson<FunctionZone>('POST', `${V1}/function-zones`, { body: input });

export const listProtectedAreas = (query: Query, signal?: AbortSignal) =>
  requestJson<Page<ProtectedArea>>('GET', withQuery(`${V1}/protected-areas`, query), { signal });
export const createProtectedArea = (input: ProtectedAreaInput) =>
  requestJson<ProtectedArea>('POST', `${V1}/protected-areas`, { body: input });
export const updateProtectedArea = (
  areaId: string,
  input: Partial<ProtectedAreaInput> & { version: number },
) => requestJson<ProtectedArea>('PATCH', `${V1}/protected-areas/${id(areaId)}`, { body: input });
export const deleteProtectedArea = (areaId: string) =>
  requestJson<void>('DELETE', `${V1}/protected-areas/${id(areaId)}`);

export const listDivisions = (query: Query, signal?: AbortSignal) =>
  requestJson<Page<Division>>('GET', withQuery(`${V1}/divisions`, query), { signal });
export const createDivision = (input: DivisionInput) =>
  requestJson<Division>('POST', `${V1}/divisions`, { body: input });
export const updateDivision = (divisionId: string, input: { name: string; version: number }) =>
  requestJson<Division>('PATCH', `${V1}/divisions/${id(divisionId)}`, { body: input });
export const deleteDivision = (divisionId: string) =>
  requestJson<void>('DELETE', `${V1}/divisions/${id(divisionId)}`);

export async function listSewerCoverage(signal?: AbortSignal): Promise<SewerCoverageArea[]> {
  const collection = await requestJson<{
    features: { geometry: SewerCoverageArea['geometry']; properties: Omit<SewerCoverageArea, 'geometry'> }[];
  }>('GET', `${V1}/sewer-coverage-areas`, { signal });
  return collection.features.map((feature) => ({ ...feature.properties, geometry: feature.geometry }));
}
export const createSewerCoverage = (input: { name: string; geometry: Record<string, unknown> }) =>
  requestJson<{ id: string }>('POST', `${V1}/sewer-coverage-areas`, { body: input });
export const deleteSewerCoverage = (areaId: string) =>
  requestJson<void>('DELETE', `${V1}/sewer-coverage-areas/${id(areaId)}`);

export const listIndicators = (signal?: AbortSignal) =>
  requestJson<Indicator[]>('GET', `${V1}/indicators`, { signal });
export const createIndicator = (input: IndicatorInput) =>
  requestJson<Indicator>('POST', `${V1}/indicators`, { body: input });
export const updateIndicator = (code: string, input: IndicatorInput & { version: number }) =>
  requestJson<Indicator>('PATCH', `${V1}/indicators/${id(code)}`, { body: input });
export const deleteIndicator = (code: string) => requestJson<void>('DELETE', `${V1}/indicators/${id(code)}`);

export const listStandards = (signal?: AbortSignal) =>
  requestJson<DischargeStandard[]>('GET', `${V1}/standards`, { signal });
export const createStandard = (input: StandardInput) =>
  requestJson<DischargeStandard>('POST', `${V1}/standards`, { body: input });
export const updateStandard = (standardId: string, input: StandardInput & { version: number }) =>
  requestJson<DischargeStandard>('PATCH', `${V1}/standards/${id(standardId)}`, { body: input });
export const deleteStandard = (standardId: string) =>
  requestJson<void>('DELETE', `${V1}/standards/${id(standardId)}`);

/** Loads a reference layer from GeoJSON or XLSX; answers at once with the tally and the rejected features. */
export function importLayer(layer: LayerName, file: File, mode: string): Promise<LayerImportResult> {
  const form = new FormData();
  form.append('layer', layer);
  form.append('mode', mode);
  form.append('file', file, file.name);
  return requestJson<LayerImportResult>('POST', `${V1}/layers/imports`, { body: form });
}
