import { HttpStatus } from '@nestjs/common';
import { DomainException } from '@outfall/common';

export enum SubmissionsErrorCode {
  InvalidTransition = 'ACCOUNTABILITY_INVALID_TRANSITION',
  ReasonRequired = 'ACCOUNTABILITY_REASON_REQUIRED',
  NotOwnUnit = 'ACCOUNTABILITY_NOT_OWN_UNIT',
  QuarterNotEnded = 'SUBMISSION_QUARTER_NOT_ENDED',
  AlreadySubmitted = 'SUBMISSION_ALREADY_SUBMITTED',
  Dates = 'ACCOUNTABILITY_DATES_INVALID',
  Config = 'ASSESSMENT_CONFIG_INVALID',
  PackageNotReady = 'UPWARD_PACKAGE_NOT_READY',
}

const STATUS: Record<SubmissionsErrorCode, HttpStatus> = {
  [SubmissionsErrorCode.InvalidTransition]: HttpStatus.CONFLICT,
  [SubmissionsErrorCode.ReasonRequired]: HttpStatus.BAD_REQUEST,
  [SubmissionsErrorCode.NotOwnUnit]: HttpStatus.FORBIDDEN,
  [SubmissionsErrorCode.QuarterNotEnded]: HttpStatus.UNPROCESSABLE_ENTITY,
  [SubmissionsErrorCode.AlreadySubmitted]: HttpStatus.CONFLICT,
  [SubmissionsErrorCode.Dates]: HttpStatus.BAD_REQUEST,
  [SubmissionsErrorCode.Config]: HttpStatus.BAD_REQUEST,
  [SubmissionsErrorCode.PackageNotReady]: HttpStatus.CONFLICT,
};

export class SubmissionsException extends DomainException {
  constructor(code: SubmissionsErrorCode, message: string, field?: string) {
    super(code, message, STATUS[code], field ? [{ field, message }] : []);
  }
}
