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

/**
 * What an API key may do. A key has one base scope (`read` or `read_write`, its `scope`) and may hold
 * further scopes on top (`scopes` lists them all): remediation write, supervision write, audit read.
 */
export enum ApiKeyScope {
  Read = 'read',
  ReadWrite = 'read_write',
  /** Remediation plans (整治方案): create and edit. */
  RemediationWrite = 'remediation_write',
  /** Supervision records: permits, patrols, enforcement cases, setup filings, source lists. */
  SupervisionWrite = 'supervision_write',
  /** The audit trail (审计日志). */
  AuditRead = 'audit_read',
}

/** The scopes a key can have as its base `scope`; the others are only added on top. */
export const API_KEY_BASE_SCOPES: readonly ApiKeyScope[] = [ApiKeyScope.Read, ApiKeyScope.ReadWrite];

export const API_KEY_SCOPE_LABELS: LabelMap<ApiKeyScope> = {
  [ApiKeyScope.Read]: { zh: '只读', en: 'Read-only' },
  [ApiKeyScope.ReadWrite]: { zh: '读写', en: 'Read-write' },
  [ApiKeyScope.RemediationWrite]: { zh: '整治方案写入', en: 'Remediation write' },
  [ApiKeyScope.SupervisionWrite]: { zh: '监管记录写入', en: 'Supervision write' },
  [ApiKeyScope.AuditRead]: { zh: '查看审计日志', en: 'Audit read' },
};

export enum AuditAction {
  Create = 'create',
  Update = 'update',
  Delete = 'delete',
  /** Records created by a machine or bulk load (batch push, online monitor): one row per batch. */
  Ingest = 'ingest',
}

export const AUDIT_ACTION_LABELS: LabelMap<AuditAction> = {
  [AuditAction.Create]: { zh: '新增', en: 'Create' },
  [AuditAction.Update]: { zh: '修改', en: 'Update' },
  [AuditAction.Delete]: { zh: '删除', en: 'Delete' },
  [AuditAction.Ingest]: { zh: '批量入库', en: 'Ingest' },
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
