import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  AUTHENTICATED_KEY,
  IS_PUBLIC_KEY,
  PERMISSIONS_KEY,
  requestOf,
  RequestContextStore,
} from '@outfall/common';
import type { Permission } from '@outfall/shared-types';
import { IamErrorCode, IamException } from '../iam.exception';
import { AuthService } from './auth.service';

/**
 * The global, default-deny guard. `@Public()` is the only way past without credentials; every other
 * handler must name its permissions (`@RequirePermissions`) or say any signed-in caller will do
 * (`@Authenticated()`); a handler that says neither is refused.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;
    const request = requestOf(context);
    const apiKey = request.headers['x-api-key'];
    const principal = await this.auth.authenticate(
      request.headers.authorization,
      Array.isArray(apiKey) ? apiKey[0] : apiKey,
    );
    request.principal = principal;
    RequestContextStore.setPrincipal(principal);
    if (this.reflector.getAllAndOverride<boolean>(AUTHENTICATED_KEY, targets)) return true;
    const required = this.reflector.getAllAndOverride<Permission[] | undefined>(PERMISSIONS_KEY, targets);
    if (!required?.length) throw new IamException(IamErrorCode.PermissionDenied);
    const missing = required.filter((permission) => !principal.permissions.includes(permission));
    if (missing.length) throw new IamException(IamErrorCode.PermissionDenied);
    return true;
  }
}
