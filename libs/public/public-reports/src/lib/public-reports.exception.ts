import { HttpStatus } from '@nestjs/common';
import { DomainException } from '@outfall/common';

export enum PublicReportErrorCode {
  PowInvalid = 'PUBLIC_REPORT_POW_INVALID',
  PowReused = 'PUBLIC_REPORT_POW_REUSED',
  PhotoType = 'PUBLIC_REPORT_PHOTO_TYPE',
  OutsideCity = 'PUBLIC_REPORT_OUTSIDE_CITY',
  Closed = 'PUBLIC_REPORT_CLOSED',
  Links = 'PUBLIC_REPORT_LINKS_INVALID',
}

const STATUS: Record<PublicReportErrorCode, HttpStatus> = {
  [PublicReportErrorCode.PowInvalid]: HttpStatus.BAD_REQUEST,
  [PublicReportErrorCode.PowReused]: HttpStatus.CONFLICT,
  [PublicReportErrorCode.PhotoType]: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  [PublicReportErrorCode.OutsideCity]: HttpStatus.BAD_REQUEST,
  [PublicReportErrorCode.Closed]: HttpStatus.CONFLICT,
  [PublicReportErrorCode.Links]: HttpStatus.BAD_REQUEST,
};

/** A refusal of the public-reports domain: a stable code and the reason, Chinese first (`中文 / English`). */
export class PublicReportException extends DomainException {
  constructor(code: PublicReportErrorCode, message: string, field?: string) {
    super(code, message, STATUS[code], field ? [{ field, message }] : []);
  }
}
