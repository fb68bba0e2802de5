import { HttpStatus } from '@nestjs/common';
import { CommonErrorCode, DomainException, FieldError } from '@outfall/common';

export enum SourceListErrorCode {
  /** A department writes only its own lists (the eco branch all of them). */
  NotOwnList = 'SOURCE_LIST_NOT_OWN',
  /** The department does not keep this kind of list (职责分工). */
  KindNotKept = 'SOURCE_LIST_KIND_NOT_KEPT',
  Duplicate = 'SOURCE_LIST_DUPLICATE',
}

const STATUS: Record<SourceListErrorCode, HttpStatus> = {
  [SourceListErrorCode.NotOwnList]: HttpStatus.FORBIDDEN,
  [SourceListErrorCode.KindNotKept]: HttpStatus.FORBIDDEN,
  [SourceListErrorCode.Duplicate]: HttpStatus.CONFLICT,
};

export class SourceListException extends DomainException {
  constructor(code: SourceListErrorCode, message: string, field?: string) {
    super(code, message, STATUS[code], field ? [{ field, message }] : []);
  }
}

/** Field errors of a row, as one 400 with every field's message. */
export function sourceListInvalid(details: FieldError[]): DomainException {
  return new DomainException(
    CommonErrorCode.ValidationFailed,
    `清单条目有误：${details.map((d) => d.message).join('；')}`,
    HttpStatus.BAD_REQUEST,
    details,
  );
}
