import type { Page } from '@outfall/shared-types';
import { definedOnly, requestJson, withQuery } from '../../../api/http-client';
import type { PageParams } from '../../../api/schemas';
import type { QueuedJob } from '../../jobs/types';
import type {
  RiverChiefInput,
  RiverChiefRow,
  RiverSectionInput,
  RiverSectionRow,
  SectionView,
  TaskFilter,
  TaskInput,
  TaskRow,
  UnitTasks,
} from './tasks.types';

const id = encodeURIComponent;

export const listTasks = (params: PageParams & TaskFilter, signal?: AbortSignal) =>
  requestJson<Page<TaskRow>>('GET', withQuery('/api/v1/tasks', { ...params }), { signal });

export const createTask = (input: TaskInput) =>
  requestJson<TaskRow>('POST', '/api/v1/tasks', { body: input });

export const updateTask = (taskId: string, input: Partial<TaskInput> & { version: number }) =>
  requestJson<TaskRow>('PATCH', `/api/v1/tasks/${id(taskId)}`, { body: input });

export const deleteTask = (taskId: string) => requestJson<void>('DELETE', `/api/v1/tasks/${id(taskId)}`);

export const queueTaskLedger = (filter: TaskFilter) =>
  requestJson<QueuedJob>('POST', '/api/v1/tasks/ledger', {
    body: definedOnly({ ...filter, sort: undefined }),
  });

export const getUnitTasks = (unitId: string, signal?: AbortSignal) =>
  requestJson<UnitTasks>('GET', `/api/v1/units/${id(unitId)}/tasks`, { signal });

export const listSections = (
  params: PageParams & { waterBodyId?: string; q?: string; sort?: string },
  signal?: AbortSignal,
) =>
  requestJson<Page<RiverSectionRow>>('GET', withQuery('/api/v1/river-sections', { ...params }), { signal });

export const createSection = (input: RiverSectionInput) =>
  requestJson<RiverSectionRow>('POST', '/api/v1/river-sections', { body: input });

export const updateSection = (sectionId: string, input: RiverSectionInput & { version: number }) =>
  requestJson<RiverSectionRow>('PATCH', `/api/v1/river-sections/${id(sectionId)}`, { body: input });

export const deleteSection = (sectionId: string) =>
  requestJson<void>('DELETE', `/api/v1/river-sections/${id(sectionId)}`);

export const relinkSections = () =>
  requestJson<{ linked: number; distanceM: number }>('POST', '/api/v1/river-sections/relink');

export const getSectionView = (sectionId: string, signal?: AbortSignal) =>
  requestJson<SectionView>('GET', `/api/v1/river-sections/${id(sectionId)}/view`, { signal });

export const listChiefs = (
  params: PageParams & { sectionId?: string; level?: string; q?: string },
  signal?: AbortSignal,
) => requestJson<Page<RiverChiefRow>>('GET', withQuery('/api/v1/river-chiefs', { ...params }), { signal });

export const createChief = (input: RiverChiefInput) =>
  requestJson<RiverChiefRow>('POST', '/api/v1/river-chiefs', { body: input });

export const updateChief = (chiefId: string, input: Partial<RiverChiefInput> & { version: number }) =>
  requestJson<RiverChiefRow>('PATCH', `/api/v1/river-chiefs/${id(chiefId)}`, { body: input });

export const deleteChief = (chiefId: string) =>
  requestJson<void>('DELETE', `/api/v1/river-chiefs/${id(chiefId)}`);
