import type { LabelMap } from './label';

/** The one error shape of the REST API (GraphQL carries the same fields in `extensions`). */
export interface ApiErrorBody {
  code: string;
  message: string;
  details: { field: string; message: string }[];
  requestId: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface LoginResponse {
  accessToken: string;
  expiresIn: number;
}

export enum ApiKeyScope {
  Read = 'read',
  ReadWrite = 'read_write',
}

export const API_KEY_SCOPE_LABELS: LabelMap<ApiKeyScope> = {
  [ApiKeyScope.Read]: { zh: '只读', en: 'Read-only' },
  [ApiKeyScope.ReadWrite]: { zh: '读写', en: 'Read-write' },
};

export enum AuditAction {
  Create = 'create',
  Update = 'update',
  Delete = 'delete',
}

export const AUDIT_ACTION_LABELS: LabelMap<AuditAction> = {
  [AuditAction.Create]: { zh: '新增', en: 'Create' },
  [AuditAction.Update]: { zh: '修改', en: 'Update' },
  [AuditAction.Delete]: { zh: '删除', en: 'Delete' },
};

export enum JobState {
  Waiting = 'waiting',
  Active = 'active',
  Completed = 'completed',
  Failed = 'failed',
}

export const JOB_STATE_LABELS: LabelMap<JobState> = {
  [JobState.Waiting]: { zh: '排队中', en: 'Waiting' },
  [JobState.Active]: { zh: '运行中', en: 'Running' },
  [JobState.Completed]: { zh: '已完成', en: 'Completed' },
  [JobState.Failed]: { zh: '失败', en: 'Failed' },
};

/** The signed-in principal as `GET /api/v1/auth/me` returns it. */
export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: string;
  permissions: string[];
  unit: { id: string; name: string };
  jurisdiction: { cityWide: boolean; divisionId: string | null; divisionName: string | null };
  demo: boolean;
}
