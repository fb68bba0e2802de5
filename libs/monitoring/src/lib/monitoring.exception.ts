import { HttpStatus } from '@nestjs/common';
import { DomainException, FieldError } from '@outfall/common';

export enum MonitoringErrorCode {
  UnknownIndicator = 'MONITORING_UNKNOWN_INDICATOR',
  ImpossibleValue = 'MONITORING_IMPOSSIBLE_VALUE',
  SampleInFuture = 'MONITORING_SAMPLE_IN_FUTURE',
  BatchRejected = 'MONITORING_BATCH_REJECTED',
  BatchTooLarge = 'MONITORING_BATCH_TOO_LARGE',
  RequiredIndicator = 'MONITORING_INDICATOR_REQUIRED',
  IndicatorInUse = 'MONITORING_INDICATOR_IN_USE',
  BuiltinStandard = 'MONITORING_STANDARD_BUILTIN',
  StandardInUse = 'MONITORING_STANDARD_IN_USE',
  UnknownStandard = 'MONITORING_UNKNOWN_STANDARD',
  TracingDates = 'TRACING_DATES_INVALID',
  AttachmentNotOnOutfall = 'MONITORING_ATTACHMENT_NOT_ON_OUTFALL',
  OutsideJurisdiction = 'MONITORING_OUTSIDE_JURISDICTION',
  BuiltinRule = 'MONITORING_REQUIRED_RULE_BUILTIN',
}

const STATUS: Record<MonitoringErrorCode, HttpStatus> = {
  [MonitoringErrorCode.UnknownIndicator]: HttpStatus.BAD_REQUEST,
  [MonitoringErrorCode.ImpossibleValue]: HttpStatus.BAD_REQUEST,
  [MonitoringErrorCode.SampleInFuture]: HttpStatus.BAD_REQUEST,
  [MonitoringErrorCode.BatchRejected]: HttpStatus.BAD_REQUEST,
  [MonitoringErrorCode.BatchTooLarge]: HttpStatus.PAYLOAD_TOO_LARGE,
  [MonitoringErrorCode.RequiredIndicator]: HttpStatus.CONFLICT,
  [MonitoringErrorCode.IndicatorInUse]: HttpStatus.CONFLICT,
  [MonitoringErrorCode.BuiltinStandard]: HttpStatus.CONFLICT,
  [MonitoringErrorCode.StandardInUse]: HttpStatus.CONFLICT,
  [MonitoringErrorCode.UnknownStandard]: HttpStatus.BAD_REQUEST,
  [MonitoringErrorCode.TracingDates]: HttpStatus.BAD_REQUEST,
  [MonitoringErrorCode.AttachmentNotOnOutfall]: HttpStatus.BAD_REQUEST,
  [MonitoringErrorCode.OutsideJurisdiction]: HttpStatus.FORBIDDEN,
  [MonitoringErrorCode.BuiltinRule]: HttpStatus.CONFLICT,
};

/** Monitoring, standards and tracing errors, with the field they are about. */
export class MonitoringException extends DomainException {
  constructor(code: MonitoringErrorCode, message: string, field?: string | FieldError[]) {
    const details = Array.isArray(field) ? field : field ? [{ field, message }] : [];
    super(code, message, STATUS[code], details);
  }
}
