import { HttpStatus } from '@nestjs/common';
import { DomainException } from '@outfall/common';

export enum PermitsErrorCode {
  NumberInvalid = 'PERMIT_NUMBER_INVALID',
  NumberTaken = 'PERMIT_NUMBER_TAKEN',
  OutletCodeInvalid = 'PERMIT_OUTLET_CODE_INVALID',
  OutletNotLinked = 'PERMIT_OUTLET_ENTITY_NOT_LINKED',
  Dates = 'PERMIT_DATES_INVALID',
  IndicatorUnknown = 'MONITORING_INDICATOR_UNKNOWN',
}

const STATUS: Record<PermitsErrorCode, HttpStatus> = {
  [PermitsErrorCode.NumberInvalid]: HttpStatus.BAD_REQUEST,
  [PermitsErrorCode.NumberTaken]: HttpStatus.CONFLICT,
  [PermitsErrorCode.OutletCodeInvalid]: HttpStatus.BAD_REQUEST,
  [PermitsErrorCode.OutletNotLinked]: HttpStatus.UNPROCESSABLE_ENTITY,
  [PermitsErrorCode.Dates]: HttpStatus.BAD_REQUEST,
  [PermitsErrorCode.IndicatorUnknown]: HttpStatus.BAD_REQUEST,
};

export class PermitsException extends DomainException {
  constructor(code: PermitsErrorCode, message: string, field?: string) {
    super(code, message, STATUS[code], field ? [{ field, message }] : []);
  }
}
