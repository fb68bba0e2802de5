import { HttpStatus } from '@nestjs/common';
import { DomainException } from '@outfall/common';

export enum DirectoryErrorCode {
  OutsideCity = 'OUTFALL_OUTSIDE_CITY',
  SubTypeMismatch = 'OUTFALL_SUB_TYPE_MISMATCH',
  DivisionRequired = 'OUTFALL_DIVISION_REQUIRED',
  OutsideJurisdiction = 'OUTFALL_OUTSIDE_JURISDICTION',
  CategoryNotInSector = 'OUTFALL_CATEGORY_NOT_IN_SECTOR',
  PointOutsideDivision = 'OUTFALL_POINT_OUTSIDE_DIVISION',
  NationalCodeTaken = 'OUTFALL_NATIONAL_CODE_TAKEN',
  MilestoneInFuture = 'MILESTONE_IN_FUTURE',
  MilestoneBeforeDiscovery = 'MILESTONE_BEFORE_DISCOVERY',
  MilestoneOutOfOrder = 'MILESTONE_OUT_OF_ORDER',
  MilestoneOwnedByWorkflow = 'MILESTONE_OWNED_BY_WORKFLOW',
  MilestoneNotReviewable = 'MILESTONE_NOT_REVIEWABLE',
  MergeInvalid = 'OUTFALL_MERGE_INVALID',
  NotActive = 'OUTFALL_NOT_ACTIVE',
  CreditCodeInvalid = 'ENTITY_CREDIT_CODE_INVALID',
  MainEntityCount = 'ENTITY_MAIN_COUNT',
  InUse = 'DIRECTORY_IN_USE',
  SetupApprovalInconsistent = 'OUTFALL_SETUP_APPROVAL_INCONSISTENT',
  SetupApprovalDerived = 'OUTFALL_SETUP_APPROVAL_DERIVED',
}

const ERRORS: Record<DirectoryErrorCode, HttpStatus> = {
  [DirectoryErrorCode.OutsideCity]: HttpStatus.BAD_REQUEST,
  [DirectoryErrorCode.SubTypeMismatch]: HttpStatus.BAD_REQUEST,
  [DirectoryErrorCode.DivisionRequired]: HttpStatus.BAD_REQUEST,
  [DirectoryErrorCode.OutsideJurisdiction]: HttpStatus.FORBIDDEN,
  [DirectoryErrorCode.CategoryNotInSector]: HttpStatus.FORBIDDEN,
  [DirectoryErrorCode.PointOutsideDivision]: HttpStatus.BAD_REQUEST,
  [DirectoryErrorCode.NationalCodeTaken]: HttpStatus.CONFLICT,
  [DirectoryErrorCode.MilestoneInFuture]: HttpStatus.BAD_REQUEST,
  [DirectoryErrorCode.MilestoneBeforeDiscovery]: HttpStatus.BAD_REQUEST,
  [DirectoryErrorCode.MilestoneOutOfOrder]: HttpStatus.BAD_REQUEST,
  [DirectoryErrorCode.MilestoneOwnedByWorkflow]: HttpStatus.CONFLICT,
  [DirectoryErrorCode.MilestoneNotReviewable]: HttpStatus.CONFLICT,
  [DirectoryErrorCode.MergeInvalid]: HttpStatus.BAD_REQUEST,
  [DirectoryErrorCode.NotActive]: HttpStatus.CONFLICT,
  [DirectoryErrorCode.CreditCodeInvalid]: HttpStatus.BAD_REQUEST,
  [DirectoryErrorCode.MainEntityCount]: HttpStatus.BAD_REQUEST,
  [DirectoryErrorCode.InUse]: HttpStatus.CONFLICT,
  [DirectoryErrorCode.SetupApprovalInconsistent]: HttpStatus.CONFLICT,
  [DirectoryErrorCode.SetupApprovalDerived]: HttpStatus.CONFLICT,
};

/** Directory errors carry a specific message and, usually, the field it is about. */
export class DirectoryException extends DomainException {
  constructor(code: DirectoryErrorCode, message: string, field?: string) {
    super(code, message, ERRORS[code], field ? [{ field, message }] : []);
  }
}
