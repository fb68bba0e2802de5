import { columnJsonSql } from './column-json.util';

describe('columnJsonSql', () => {
  const column = (type: unknown, extra: object = {}) => ({
    propertyName: 'x',
    databaseName: 'x_col',
    type,
    ...extra,
  });

  it('maps each type as node-postgres and TypeORM read it', () => {
    expect(columnJsonSql(column('date'), 'a')).toBe('a.x_col::text');
    expect(columnJsonSql(column('timestamptz'), 'a')).toBe(
      `to_char(a.x_col AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
    );
    for (const type of ['numeric', 'decimal', 'bigint', 'int8'])
      expect(columnJsonSql(column(type), 'a')).toBe('a.x_col::text');
    for (const type of ['varchar', 'int', 'double precision', 'jsonb', 'uuid', Number])
      expect(columnJsonSql(column(type), 'a')).toBe('a.x_col');
  });

  it('refuses a column that is not read as it is stored', () => {
    for (const bad of [column('geometry'), column('timestamp'), column('numeric', { transformer: {} })])
      expect(() => columnJsonSql(bad, 'a')).toThrow('x is not read as it is stored');
  });
});
