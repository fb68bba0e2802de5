import { AsyncLocalStorage } from 'node:async_hooks';
import type { Principal } from './principal';

export interface RequestContext {
  requestId: string;
  principal?: Principal;
  ip?: string;
  /** The HTTP request's method and URL as it came in (path and query), for log lines written during it. */
  http?: { method: string; url: string };
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Per-request context (request id, caller) that audit and services read without threading it through. */
export const RequestContextStore = {
  run<T>(context: RequestContext, fn: () => T): T {
    return storage.run(context, fn);
  },
  get(): RequestContext | undefined {
    return storage.getStore();
  },
  setPrincipal(principal: Principal): void {
    const context = storage.getStore();
    if (context) context.principal = principal;
  },
};
