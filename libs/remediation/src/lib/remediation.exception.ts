import { HttpStatus } from '@nestjs/common';
import { DomainException } from '@outfall/common';

export enum RemediationErrorCode {
  NotDecided = 'REMEDIATION_NOT_DECIDED',
  NotRequired = 'REMEDIATION_NOT_REQUIRED',
  PlanExists = 'REMEDIATION_PLAN_EXISTS',
  InvalidTransition = 'REMEDIATION_INVALID_TRANSITION',
  NotEditable = 'REMEDIATION_PLAN_NOT_EDITABLE',
  PhotosMissing = 'REMEDIATION_EVIDENCE_PHOTOS_MISSING',
  SampleMissing = 'REMEDIATION_EVIDENCE_SAMPLE_MISSING',
  ReasonRequired = 'REMEDIATION_REASON_REQUIRED',
  Dates = 'REMEDIATION_DATES_INVALID',
  MergeTarget = 'REMEDIATION_MERGE_TARGET_INVALID',
}

const STATUS: Record<RemediationErrorCode, HttpStatus> = {
  [RemediationErrorCode.NotDecided]: HttpStatus.CONFLICT,
  [RemediationErrorCode.NotRequired]: HttpStatus.CONFLICT,
  [RemediationErrorCode.PlanExists]: HttpStatus.CONFLICT,
  [RemediationErrorCode.InvalidTransition]: HttpStatus.CONFLICT,
  [RemediationErrorCode.NotEditable]: HttpStatus.CONFLICT,
  [RemediationErrorCode.PhotosMissing]: HttpStatus.UNPROCESSABLE_ENTITY,
  [RemediationErrorCode.SampleMissing]: HttpStatus.UNPROCESSABLE_ENTITY,
  [RemediationErrorCode.ReasonRequired]: HttpStatus.BAD_REQUEST,
  [RemediationErrorCode.Dates]: HttpStatus.BAD_REQUEST,
  [RemediationErrorCode.MergeTarget]: HttpStatus.BAD_REQUEST,
};

export class RemediationException extends DomainException {
  constructor(code: RemediationErrorCode, message: string, field?: string) {
    super(code, message, STATUS[code], field ? [{ field, message }] : []);
  }
}
