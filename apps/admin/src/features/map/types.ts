import type { ProtectedAreaKind, WaterKind } from '@outfall/shared-types';

export interface WaterBodyProperties {
  code: string;
  name: string;
  kind: WaterKind;
  isKey: boolean;
}

export interface ProtectedAreaProperties {
  kind: ProtectedAreaKind;
  name: string;
  designatedOn: string | null;
}
