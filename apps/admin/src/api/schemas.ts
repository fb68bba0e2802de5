import type { ApiComponents } from '@outfall/shared-types';

/** The generated response and request schemas of the REST contract (apps/api/openapi.json). */
export type Schemas = ApiComponents['schemas'];

/** `GET /api/v1/meta` (public). */
export type Meta = Schemas['MetaResponse'];

export interface PageParams {
  limit: number;
  offset: number;
}
