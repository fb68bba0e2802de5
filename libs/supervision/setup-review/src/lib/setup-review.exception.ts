import { HttpStatus } from '@nestjs/common';
import { DomainException } from '@outfall/common';

export enum SetupReviewErrorCode {
  WrongRoute = 'SETUP_REVIEW_WRONG_ROUTE',
  InvalidTransition = 'SETUP_REVIEW_INVALID_TRANSITION',
  RuleRefuses = 'SETUP_REVIEW_RULE_REFUSES',
  ConsultationRequired = 'SETUP_REVIEW_CONSULTATION_REQUIRED',
  ConsultationNotNeeded = 'SETUP_REVIEW_CONSULTATION_NOT_NEEDED',
  ReviewNoteRequired = 'SETUP_REVIEW_REVIEW_NOTE_REQUIRED',
  ReasonRequired = 'SETUP_REVIEW_REASON_REQUIRED',
  NotEditable = 'SETUP_REVIEW_NOT_EDITABLE',
  Dates = 'SETUP_REVIEW_DATES_INVALID',
  NotAnEnterprise = 'SETUP_REVIEW_NOT_AN_ENTERPRISE',
}

const STATUS: Record<SetupReviewErrorCode, HttpStatus> = {
  [SetupReviewErrorCode.WrongRoute]: HttpStatus.CONFLICT,
  [SetupReviewErrorCode.InvalidTransition]: HttpStatus.CONFLICT,
  [SetupReviewErrorCode.RuleRefuses]: HttpStatus.CONFLICT,
  [SetupReviewErrorCode.ConsultationRequired]: HttpStatus.CONFLICT,
  [SetupReviewErrorCode.ConsultationNotNeeded]: HttpStatus.CONFLICT,
  [SetupReviewErrorCode.ReviewNoteRequired]: HttpStatus.BAD_REQUEST,
  [SetupReviewErrorCode.ReasonRequired]: HttpStatus.BAD_REQUEST,
  [SetupReviewErrorCode.NotEditable]: HttpStatus.CONFLICT,
  [SetupReviewErrorCode.Dates]: HttpStatus.BAD_REQUEST,
  [SetupReviewErrorCode.NotAnEnterprise]: HttpStatus.BAD_REQUEST,
};

export class SetupReviewException extends DomainException {
  constructor(code: SetupReviewErrorCode, message: string, field?: string) {
    super(code, message, STATUS[code], field ? [{ field, message }] : []);
  }
}
