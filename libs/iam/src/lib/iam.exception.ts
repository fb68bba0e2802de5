import { HttpStatus } from '@nestjs/common';
import { DomainException } from '@outfall/common';

export enum IamErrorCode {
  InvalidCredentials = 'AUTH_INVALID_CREDENTIALS',
  TokenMissing = 'AUTH_TOKEN_MISSING',
  TokenInvalid = 'AUTH_TOKEN_INVALID',
  TokenExpired = 'AUTH_TOKEN_EXPIRED',
  AccountDisabled = 'AUTH_ACCOUNT_DISABLED',
  ApiKeyInvalid = 'AUTH_API_KEY_INVALID',
  ApiKeyRevoked = 'AUTH_API_KEY_REVOKED',
  ApiKeyExpired = 'AUTH_API_KEY_EXPIRED',
  PermissionDenied = 'AUTH_PERMISSION_DENIED',
  RoleUnitMismatch = 'IAM_ROLE_UNIT_MISMATCH',
  WeakPassword = 'IAM_WEAK_PASSWORD',
  WrongCurrentPassword = 'IAM_WRONG_CURRENT_PASSWORD',
  UsernameTaken = 'IAM_USERNAME_TAKEN',
  ApiKeyAlreadyRevoked = 'IAM_API_KEY_ALREADY_REVOKED',
}

const ERRORS: Record<IamErrorCode, [HttpStatus, string]> = {
  [IamErrorCode.InvalidCredentials]: [HttpStatus.UNAUTHORIZED, 'Wrong username or password'],
  [IamErrorCode.TokenMissing]: [
    HttpStatus.UNAUTHORIZED,
    'Sign in first: send Authorization: Bearer <token> or X-API-Key',
  ],
  [IamErrorCode.TokenInvalid]: [HttpStatus.UNAUTHORIZED, 'The access token is not valid'],
  [IamErrorCode.TokenExpired]: [HttpStatus.UNAUTHORIZED, 'The access token has expired; sign in again'],
  [IamErrorCode.AccountDisabled]: [HttpStatus.UNAUTHORIZED, 'The account is disabled'],
  [IamErrorCode.ApiKeyInvalid]: [HttpStatus.UNAUTHORIZED, 'The API key is not valid'],
  [IamErrorCode.ApiKeyRevoked]: [HttpStatus.UNAUTHORIZED, 'The API key has been revoked'],
  [IamErrorCode.ApiKeyExpired]: [HttpStatus.UNAUTHORIZED, 'The API key has expired'],
  [IamErrorCode.PermissionDenied]: [HttpStatus.FORBIDDEN, 'You do not have permission to do this'],
  [IamErrorCode.RoleUnitMismatch]: [HttpStatus.BAD_REQUEST, 'The role does not fit the unit'],
  [IamErrorCode.WeakPassword]: [HttpStatus.BAD_REQUEST, 'The password is too weak'],
  [IamErrorCode.WrongCurrentPassword]: [HttpStatus.BAD_REQUEST, 'The current password is wrong'],
  [IamErrorCode.UsernameTaken]: [HttpStatus.CONFLICT, 'The username is already taken'],
  [IamErrorCode.ApiKeyAlreadyRevoked]: [HttpStatus.CONFLICT, 'The API key is already revoked'],
};

export class IamException extends DomainException {
  constructor(code: IamErrorCode, field?: string, message?: string) {
    const [status, defaultMessage] = ERRORS[code];
    super(
      code,
      message ?? defaultMessage,
      status,
      field ? [{ field, message: message ?? defaultMessage }] : [],
    );
  }
}
