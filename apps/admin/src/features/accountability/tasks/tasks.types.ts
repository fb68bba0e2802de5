import type { ApiOperations } from '@outfall/shared-types';
import type { Schemas } from '../../../api/schemas';

export type UnitRef = Schemas['TaskUnitRefDto'];
export type TaskRow = Schemas['TaskDto'];
export type UnitTasks = Schemas['UnitTasksDto'];
export type RiverSectionRow = Schemas['RiverSectionDto'];
export type RiverChiefRow = Schemas['RiverChiefDto'];
export type SectionView = Schemas['RiverSectionViewDto'];

export type TaskQuery = NonNullable<ApiOperations['TasksController_list']['parameters']['query']>;

/** The task list's filter state (paging lives in the table; the status is always today's). */
export type TaskFilter = Omit<TaskQuery, 'limit' | 'offset' | 'asOf'>;
