import { HttpStatus } from '@nestjs/common';
import { DomainException } from '@outfall/common';

export enum EnforcementErrorCode {
  InvalidTransition = 'ENFORCEMENT_INVALID_TRANSITION',
  NotEditable = 'ENFORCEMENT_CASE_NOT_EDITABLE',
  NotAnExceedance = 'ENFORCEMENT_NOT_AN_EXCEEDANCE',
  NotChronic = 'ENFORCEMENT_NOT_CHRONIC',
  CaseExists = 'ENFORCEMENT_CASE_EXISTS',
  OriginInvalid = 'ENFORCEMENT_ORIGIN_INVALID',
  EntityNotLinked = 'ENFORCEMENT_ENTITY_NOT_LINKED',
  FieldsMissing = 'ENFORCEMENT_FIELDS_MISSING',
  Dates = 'ENFORCEMENT_DATES_INVALID',
  EvidenceType = 'ENFORCEMENT_EVIDENCE_TYPE',
}

const STATUS: Record<EnforcementErrorCode, HttpStatus> = {
  [EnforcementErrorCode.InvalidTransition]: HttpStatus.CONFLICT,
  [EnforcementErrorCode.NotEditable]: HttpStatus.CONFLICT,
  [EnforcementErrorCode.NotAnExceedance]: HttpStatus.CONFLICT,
  [EnforcementErrorCode.NotChronic]: HttpStatus.CONFLICT,
  [EnforcementErrorCode.CaseExists]: HttpStatus.CONFLICT,
  [EnforcementErrorCode.OriginInvalid]: HttpStatus.BAD_REQUEST,
  [EnforcementErrorCode.EntityNotLinked]: HttpStatus.BAD_REQUEST,
  [EnforcementErrorCode.FieldsMissing]: HttpStatus.UNPROCESSABLE_ENTITY,
  [EnforcementErrorCode.Dates]: HttpStatus.BAD_REQUEST,
  [EnforcementErrorCode.EvidenceType]: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
};

/** A refusal of the enforcement domain: a stable code and the reason, Chinese first (`中文 / English`). */
export class EnforcementException extends DomainException {
  constructor(code: EnforcementErrorCode, message: string, field?: string) {
    super(code, message, STATUS[code], field ? [{ field, message }] : []);
  }
}
