import { api, dataOf } from '../../../api/api-client';
import { requestJson } from '../../../api/http-client';
import type { ImportMode } from '../../imports/types';
import type {
  DivisionInput,
  DivisionPatch,
  DivisionQuery,
  FunctionZoneInput,
  FunctionZoneQuery,
  IndicatorInput,
  IndicatorPatch,
  LayerImportResult,
  LayerName,
  ProtectedAreaInput,
  ProtectedAreaPatch,
  ProtectedAreaQuery,
  SewerCoverageArea,
  SewerCoverageInput,
  StandardInput,
  StandardPatch,
  WaterBodyInput,
  WaterBodyPatch,
  WaterBodyQuery,
} from './base-data.types';

export const listWaterBodies = (query: WaterBodyQuery, signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/water-bodies', { params: { query }, signal }));
export const createWaterBody = (body: WaterBodyInput) => dataOf(api.POST('/api/v1/water-bodies', { body }));
export const updateWaterBody = (id: string, body: WaterBodyPatch) =>
  dataOf(api.PATCH('/api/v1/water-bodies/{id}', { params: { path: { id } }, body }));

export const listFunctionZones = (query: FunctionZoneQuery, signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/function-zones', { params: { query }, signal }));
export const createFunctionZone = (body: FunctionZoneInput) =>
  dataOf(api.POST('/api/v1/function-zones', { body }));

export const listProtectedAreas = (query: ProtectedAreaQuery, signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/protected-areas', { params: { query }, signal }));
export const createProtectedArea = (body: ProtectedAreaInput) =>
  dataOf(api.POST('/api/v1/protected-areas', { body }));
export const updateProtectedArea = (id: string, body: ProtectedAreaPatch) =>
  dataOf(api.PATCH('/api/v1/protected-areas/{id}', { params: { path: { id } }, body }));
export const deleteProtectedArea = (id: string) =>
  dataOf(api.DELETE('/api/v1/protected-areas/{id}', { params: { path: { id } } }));

export const listDivisions = (query: DivisionQuery, signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/divisions', { params: { query }, signal }));
export const createDivision = (body: DivisionInput) => dataOf(api.POST('/api/v1/divisions', { body }));
export const updateDivision = (id: string, body: DivisionPatch) =>
  dataOf(api.PATCH('/api/v1/divisions/{id}', { params: { path: { id } }, body }));
export const deleteDivision = (id: string) =>
  dataOf(api.DELETE('/api/v1/divisions/{id}', { params: { path: { id } } }));

/** The coverage areas as rows: each feature's properties with its geometry. */
export async function listSewerCoverage(signal?: AbortSignal): Promise<SewerCoverageArea[]> {
  const collection = await dataOf(api.GET('/api/v1/sewer-coverage-areas', { signal }));
  return collection.features.map((feature) => ({ ...feature.properties, geometry: feature.geometry }));
}
export const createSewerCoverage = (body: SewerCoverageInput) =>
  dataOf(api.POST('/api/v1/sewer-coverage-areas', { body }));
export const deleteSewerCoverage = (id: string) =>
  dataOf(api.DELETE('/api/v1/sewer-coverage-areas/{id}', { params: { path: { id } } }));

export const listIndicators = (signal?: AbortSignal) => dataOf(api.GET('/api/v1/indicators', { signal }));
export const createIndicator = (body: IndicatorInput) => dataOf(api.POST('/api/v1/indicators', { body }));
export const updateIndicator = (code: string, body: IndicatorPatch) =>
  dataOf(api.PATCH('/api/v1/indicators/{code}', { params: { path: { code } }, body }));
export const deleteIndicator = (code: string) =>
  dataOf(api.DELETE('/api/v1/indicators/{code}', { params: { path: { code } } }));

export const listStandards = (signal?: AbortSignal) => dataOf(api.GET('/api/v1/standards', { signal }));
export const createStandard = (body: StandardInput) => dataOf(api.POST('/api/v1/standards', { body }));
export const updateStandard = (id: string, body: StandardPatch) =>
  dataOf(api.PATCH('/api/v1/standards/{id}', { params: { path: { id } }, body }));
export const deleteStandard = (id: string) =>
  dataOf(api.DELETE('/api/v1/standards/{id}', { params: { path: { id } } }));

/**
 * Loads a reference layer from GeoJSON or XLSX; answers at once with the tally and the rejected features.
 * Multipart, so it goes through `requestJson` like every upload (the contract's body lists the fields but
 * not the file); the answer is the contract's.
 */
export function importLayer(layer: LayerName, file: File, mode: ImportMode): Promise<LayerImportResult> {
  const form = new FormData();
  form.append('layer', layer);
  form.append('mode', mode);
  form.append('file', file, file.name);
  return requestJson<LayerImportResult>('POST', '/api/v1/layers/imports', { body: form });
}
