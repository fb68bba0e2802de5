import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { INestApplication } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { AUTHENTICATED_KEY, IS_PUBLIC_KEY, PERMISSIONS_KEY } from '@outfall/common';
import type { Permission } from '@outfall/shared-types';

const HTTP_METHODS = ['get', 'post', 'put', 'delete', 'patch', 'all', 'options', 'head', 'search'] as const;

export interface Handler {
  /** Class.method */
  name: string;
  isPublic: boolean;
  guarded: boolean;
  /** What `@RequirePermissions` names (empty for public or `@Authenticated()` handlers). */
  permissions: Permission[];
}

export interface Route extends Handler {
  method: string;
  /** Without the global prefix: `/outfalls/:id/tracing`. */
  path: string;
  /** `POST /outfalls/:id/tracing` */
  key: string;
}

export interface Operation extends Handler {
  type: 'Query' | 'Mutation';
  /** The schema field (`createOutfall`). */
  field: string;
}

/** Every REST route and GraphQL query/mutation of the running app, found through Nest discovery. */
export function routeTable(app: INestApplication): { routes: Route[]; operations: Operation[] } {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  const reflector = app.get(Reflector);
  const describe = (instance: object, key: string, classRef: object): Handler => {
    const handler = (instance as Record<string, object>)[key];
    const targets = [handler, classRef] as never[];
    const permissions = reflector.getAllAndOverride<Permission[] | undefined>(PERMISSIONS_KEY, targets);
    return {
      name: `${classRef.constructor.name === 'Function' ? (classRef as { name: string }).name : ''}.${key}`,
      isPublic: !!reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets),
      guarded: !!permissions?.length || !!reflector.getAllAndOverride<boolean>(AUTHENTICATED_KEY, targets),
      permissions: permissions ?? [],
    };
  };
  const routes = discovery.getControllers().flatMap((wrapper) => {
    const instance = wrapper.instance as object;
    const prefix = String(Reflect.getMetadata(PATH_METADATA, wrapper.metatype as object) ?? '');
    return scanner.getAllMethodNames(Object.getPrototypeOf(instance)).flatMap((key) => {
      const handler = (instance as Record<string, object>)[key];
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as number | undefined;
      if (method === undefined) return [];
      const path = `/${prefix}/${String(Reflect.getMetadata(PATH_METADATA, handler) ?? '')}`
        .replace(/\/+/g, '/')
        .replace(/\/$/, '');
      const verb = HTTP_METHODS[method];
      return [
        {
          ...describe(instance, key, wrapper.metatype as object),
          method: verb,
          path,
          key: `${verb.toUpperCase()} ${path}`,
        },
      ];
    });
  });
  const operations = discovery.getProviders().flatMap((wrapper) => {
    const instance = wrapper.instance as object | undefined;
    if (!instance || !wrapper.metatype) return [];
    return scanner.getAllMethodNames(Object.getPrototypeOf(instance)).flatMap((key) => {
      const handler = (instance as Record<string, object>)[key];
      const type = Reflect.getMetadata('graphql:resolver_type', handler) as string | undefined;
      if (type !== 'Query' && type !== 'Mutation') return [];
      const field = (Reflect.getMetadata('graphql:resolver_name', handler) as string | undefined) ?? key;
      return [{ ...describe(instance, key, wrapper.metatype as object), type, field } as Operation];
    });
  });
  return { routes, operations };
}
