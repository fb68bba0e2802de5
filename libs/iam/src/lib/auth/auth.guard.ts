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
import type { Principal } from '@outfall/common';
import { IamErrorCode, IamException } from '../iam.exception';
import { AuthService } from './auth.service';

/**
 * The global, default-deny guard. `@Public()` is the only way past without credentials; every other
 * handler must name its permissions (`@RequirePermissions`) or say any signed-in caller will do
 * (`@Authenticated()`); a handler that says neither is refused.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  /** The caller of each request in flight, authenticated once (GC'd with the request). */
  private readonly pending = new WeakMap<object, Promise<Principal>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;
    const request = requestOf(context);
    // a GraphQL request runs this guard once per root field, concurrently: authenticate once per request
    let pending = this.pending.get(request);
    if (!pending) {
      const apiKey = request.headers['x-api-key'];
      pending = this.auth.authenticate(
        request.headers.authorization,
        Array.isArray(apiKey) ? apiKey[0] : apiKey,
      );
      this.pending.set(request, pending);
    }
    const principal = await pending;
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
