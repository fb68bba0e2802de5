import { HttpStatus } from '@nestjs/common';
import { DomainException } from '@outfall/common';

export enum PatrolErrorCode {
  RuleExists = 'PATROL_RULE_EXISTS',
  LastCatchAll = 'PATROL_RULE_CATCH_ALL_REQUIRED',
  NoResponsibleUnit = 'PATROL_NO_RESPONSIBLE_UNIT',
  Dates = 'PATROL_DATES_INVALID',
  FindingLinked = 'PATROL_FINDING_ALREADY_LINKED',
  PhotoType = 'PATROL_PHOTO_TYPE',
  TooManyPhotos = 'PATROL_TOO_MANY_PHOTOS',
}

const STATUS: Record<PatrolErrorCode, HttpStatus> = {
  [PatrolErrorCode.RuleExists]: HttpStatus.CONFLICT,
  [PatrolErrorCode.LastCatchAll]: HttpStatus.CONFLICT,
  [PatrolErrorCode.NoResponsibleUnit]: HttpStatus.CONFLICT,
  [PatrolErrorCode.Dates]: HttpStatus.BAD_REQUEST,
  [PatrolErrorCode.FindingLinked]: HttpStatus.CONFLICT,
  [PatrolErrorCode.PhotoType]: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  [PatrolErrorCode.TooManyPhotos]: HttpStatus.CONFLICT,
};

export class PatrolException extends DomainException {
  constructor(code: PatrolErrorCode, message: string, field?: string) {
    super(code, message, STATUS[code], field ? [{ field, message }] : []);
  }
}
