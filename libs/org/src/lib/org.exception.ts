import { HttpStatus } from '@nestjs/common';
import { DomainException } from '@outfall/common';

export enum OrgErrorCode {
  ParentLevelInvalid = 'ORG_PARENT_LEVEL_INVALID',
  DivisionInUse = 'ORG_DIVISION_IN_USE',
  UnitInUse = 'ORG_UNIT_IN_USE',
  NotOwnUnit = 'ORG_NOT_OWN_UNIT',
}

const MESSAGES: Record<OrgErrorCode, string> = {
  [OrgErrorCode.ParentLevelInvalid]: 'The parent division must be one level above this one',
  [OrgErrorCode.DivisionInUse]: 'The division still has child divisions or units',
  [OrgErrorCode.UnitInUse]: 'The unit still has accounts',
  [OrgErrorCode.NotOwnUnit]: 'Only the unit itself (or a system administrator) may change its liaison',
};

const STATUS: Record<OrgErrorCode, HttpStatus> = {
  [OrgErrorCode.ParentLevelInvalid]: HttpStatus.BAD_REQUEST,
  [OrgErrorCode.DivisionInUse]: HttpStatus.CONFLICT,
  [OrgErrorCode.UnitInUse]: HttpStatus.CONFLICT,
  [OrgErrorCode.NotOwnUnit]: HttpStatus.FORBIDDEN,
};

export class OrgException extends DomainException {
  constructor(code: OrgErrorCode, field?: string) {
    super(code, MESSAGES[code], STATUS[code], field ? [{ field, message: MESSAGES[code] }] : []);
  }
}
