// PGlite publishes its contrib extensions through package "exports" only, which this workspace's node10 module
// resolution cannot see (Node and Jest resolve them at run time); this declares the one the app loads.
declare module '@electric-sql/pglite/contrib/pg_trgm' {
  import type { Extension } from '@electric-sql/pglite';

  export const pg_trgm: Extension;
}
