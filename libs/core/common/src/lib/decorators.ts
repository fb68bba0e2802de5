import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Permission } from '@outfall/shared-types';
import type { Request } from 'express';
import type { Principal } from './principal';

export const IS_PUBLIC_KEY = 'outfall:public';
export const PERMISSIONS_KEY = 'outfall:permissions';
export const AUTHENTICATED_KEY = 'outfall:authenticated';

/** The only way out of the default-deny guard. */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);

/** The permissions a handler needs; a guarded handler without this answers 403. */
export const RequirePermissions = (...permissions: Permission[]) => SetMetadata(PERMISSIONS_KEY, permissions);

/** Any signed-in caller (own profile, own password): still guarded, but needs no particular permission. */
export const Authenticated = () => SetMetadata(AUTHENTICATED_KEY, true);

export function requestOf(context: ExecutionContext): Request & { principal?: Principal } {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req: Request & { principal?: Principal } }>().req;
  }
  return context.switchToHttp().getRequest();
}

/** The authenticated caller, for REST handlers and GraphQL resolvers alike. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  return requestOf(context).principal;
});
