/** What `columnJsonSql` reads of a column (a TypeORM `ColumnMetadata` has it). */
export interface JsonColumn {
  propertyName: string;
  databaseName: string;
  type: unknown;
  transformer?: unknown;
}

/**
 * A column of alias `alias` as the JSON value that node-postgres + TypeORM + `JSON.stringify` give for it:
 * calendar days as text, instants as ISO 8601 in UTC with milliseconds (truncated, as node-postgres reads them),
 * numeric and bigint as text; anything else as PostgreSQL writes it in JSON (jsonb keeps its own spacing).
 * Defined once for every statement that builds an entity's JSON in SQL (REST answers, audit snapshots). A column
 * that TypeORM does not read as it is stored (a transformer, a geometry, an instant without time zone, which
 * node-postgres reads in the process's time zone) is an error.
 */
export function columnJsonSql(column: JsonColumn, alias: string): string {
  const name = `${alias}.${column.databaseName}`;
  const type = typeof column.type === 'string' ? column.type : '';
  if (
    column.transformer ||
    ['geometry', 'geography', 'timestamp', 'timestamp without time zone'].includes(type)
  )
    throw new Error(`columnJsonSql: ${column.propertyName} is not read as it is stored`);
  switch (type) {
    case 'date':
      return `${name}::text`;
    case 'timestamptz':
    case 'timestamp with time zone':
      return `to_char(${name} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    case 'numeric':
    case 'decimal':
    case 'bigint':
    case 'int8':
      return `${name}::text`;
    default:
      return name;
  }
}
