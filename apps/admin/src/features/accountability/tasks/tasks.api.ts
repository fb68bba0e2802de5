import type { ApiOperations } from '@outfall/shared-types';
import { api, dataOf } from '../../../api/api-client';
import { definedOnly } from '../../../api/http-client';
import type { Schemas } from '../../../api/schemas';
import type { QueuedJob } from '../../jobs/types';
import type { TaskFilter, TaskQuery } from './tasks.types';

type SectionQuery = NonNullable<ApiOperations['RiversController_sections']['parameters']['query']>;
type ChiefQuery = NonNullable<ApiOperations['RiversController_chiefs']['parameters']['query']>;

export const listTasks = (query: TaskQuery, signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/tasks', { params: { query }, signal }));

export const createTask = (body: Schemas['CreateTaskDto']) => dataOf(api.POST('/api/v1/tasks', { body }));

export const updateTask = (id: string, body: Schemas['UpdateTaskDto']) =>
  dataOf(api.PATCH('/api/v1/tasks/{id}', { params: { path: { id } }, body }));

export const deleteTask = (id: string) =>
  dataOf(api.DELETE('/api/v1/tasks/{id}', { params: { path: { id } } }));

export const queueTaskLedger = (filter: TaskFilter): Promise<QueuedJob> => {
  const { sort: _sort, ...rest } = filter; // the ledger keeps its own order
  return dataOf(api.POST('/api/v1/tasks/ledger', { body: definedOnly(rest) }));
};

export const getUnitTasks = (id: string, signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/units/{id}/tasks', { params: { path: { id } }, signal }));

export const listSections = (query: SectionQuery, signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/river-sections', { params: { query }, signal }));

export const createSection = (body: Schemas['CreateRiverSectionDto']) =>
  dataOf(api.POST('/api/v1/river-sections', { body }));

export const updateSection = (id: string, body: Schemas['UpdateRiverSectionDto']) =>
  dataOf(api.PATCH('/api/v1/river-sections/{id}', { params: { path: { id } }, body }));

export const deleteSection = (id: string) =>
  dataOf(api.DELETE('/api/v1/river-sections/{id}', { params: { path: { id } } }));

export const relinkSections = () => dataOf(api.POST('/api/v1/river-sections/relink'));

export const getSectionView = (id: string, signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/river-sections/{id}/view', { params: { path: { id } }, signal }));

export const listChiefs = (query: ChiefQuery, signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/river-chiefs', { params: { query }, signal }));

export const createChief = (body: Schemas['CreateRiverChiefDto']) =>
  dataOf(api.POST('/api/v1/river-chiefs', { body }));

export const updateChief = (id: string, body: Schemas['UpdateRiverChiefDto']) =>
  dataOf(api.PATCH('/api/v1/river-chiefs/{id}', { params: { path: { id } }, body }));

export const deleteChief = (id: string) =>
  dataOf(api.DELETE('/api/v1/river-chiefs/{id}', { params: { path: { id } } }));
