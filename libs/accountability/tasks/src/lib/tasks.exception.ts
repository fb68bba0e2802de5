import { HttpStatus } from '@nestjs/common';
import { DomainException } from '@outfall/common';

export enum TasksErrorCode {
  CodeTaken = 'TASK_CODE_TAKEN',
  UnitRoleConflict = 'TASK_UNIT_ROLE_CONFLICT',
  UnitUnknown = 'TASK_UNIT_UNKNOWN',
  CompletedOn = 'TASK_COMPLETED_ON_INVALID',
  SectionNameTaken = 'RIVER_SECTION_NAME_TAKEN',
  SectionHasChiefs = 'RIVER_SECTION_HAS_CHIEFS',
}

const STATUS: Record<TasksErrorCode, HttpStatus> = {
  [TasksErrorCode.CodeTaken]: HttpStatus.CONFLICT,
  [TasksErrorCode.UnitRoleConflict]: HttpStatus.UNPROCESSABLE_ENTITY,
  [TasksErrorCode.UnitUnknown]: HttpStatus.BAD_REQUEST,
  [TasksErrorCode.CompletedOn]: HttpStatus.BAD_REQUEST,
  [TasksErrorCode.SectionNameTaken]: HttpStatus.CONFLICT,
  [TasksErrorCode.SectionHasChiefs]: HttpStatus.CONFLICT,
};

export class TasksException extends DomainException {
  constructor(code: TasksErrorCode, message: string, field?: string) {
    super(code, message, STATUS[code], field ? [{ field, message }] : []);
  }
}
