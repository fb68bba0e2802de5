import type { RiverChiefLevel, TaskKind, TaskRole, TaskState, TaskStatus } from '@outfall/shared-types';

export interface UnitRef {
  id: string;
  name: string;
}

export interface TaskRow {
  id: string;
  code: string;
  title: string;
  kind: TaskKind;
  description: string | null;
  sourceClause: string | null;
  deadline: string;
  state: TaskState;
  completedOn: string | null;
  status: TaskStatus;
  overdue: boolean;
  lead: UnitRef | null;
  cooperating: UnitRef[];
  responsible: UnitRef[];
  demo: boolean;
  version: number;
}

export interface TaskFilter {
  unitId?: string;
  role?: TaskRole;
  status?: TaskStatus;
  kind?: TaskKind;
  overdue?: boolean;
  q?: string;
  sort?: string;
}

export interface TaskInput {
  code?: string;
  title: string;
  kind: TaskKind;
  description?: string;
  sourceClause?: string;
  deadline: string;
  state?: TaskState;
  completedOn?: string;
  leadUnitId: string;
  cooperatingUnitIds?: string[];
  responsibleUnitIds?: string[];
}

export interface UnitTaskGroup {
  role: TaskRole;
  total: number;
  done: number;
  overdue: number;
  tasks: TaskRow[];
}

export interface UnitTasks {
  unitId: string;
  unitName: string;
  asOf: string;
  groups: UnitTaskGroup[];
}

export interface RiverSectionRow {
  id: string;
  waterBodyId: string;
  waterBodyName: string | null;
  name: string;
  fromDescription: string | null;
  toDescription: string | null;
  geojson: object | null;
  outfallCount: number;
  demo: boolean;
  version: number;
}

export interface RiverSectionInput {
  waterBodyId?: string;
  name: string;
  fromDescription?: string;
  toDescription?: string;
  geometry?: object | null;
}

export interface RiverChiefRow {
  id: string;
  sectionId: string;
  sectionName: string | null;
  level: RiverChiefLevel;
  name: string;
  unitId: string;
  unitName: string | null;
  position: string | null;
  phone: string;
  demo: boolean;
  version: number;
}

export interface RiverChiefInput {
  sectionId?: string;
  level: RiverChiefLevel;
  name: string;
  unitId: string;
  position?: string;
  phone: string;
}

export interface SectionView {
  asOf: string;
  section: RiverSectionRow;
  chiefs: RiverChiefRow[];
  outfalls: {
    id: string;
    localCode: string;
    name: string;
    category: string;
    township: string | null;
    distanceM: number;
    stage: string | null;
  }[];
  progress: { milestone: string; label: string; count: number }[];
  problems: {
    overduePlans: {
      id: string;
      localCode: string;
      name: string;
      unit: string;
      deadline: string;
      daysOverdue: number;
    }[];
    recentExceedances: {
      id: string;
      localCode: string;
      name: string;
      sampledAt: string;
      exceedingCount: number;
    }[];
    untracedPastDeadline: { outfallId: string; localCode: string; name: string; tracingDeadline: string }[];
  };
}
