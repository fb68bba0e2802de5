import { Type } from '@nestjs/common';
import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type as TransformType } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { CountCache } from './count-cache';
import { DomainException } from './domain.exception';

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 20;

/**
 * The list conventions, defined once: `limit` (1–200, default 20), `offset`, and `sort` as a comma list of
 * fields, each optionally prefixed with `-` for descending (`sort=-createdAt,name`).
 */
@InputType('PageInput')
export class ListQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    default: DEFAULT_PAGE_SIZE,
    description: 'Page size',
  })
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @TransformType(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, default: 0, description: 'Rows to skip' })
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @TransformType(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;

  @ApiPropertyOptional({
    description: 'Comma-separated fields; prefix with - for descending',
    example: '-createdAt',
  })
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Matches(/^-?[a-zA-Z]+(,-?[a-zA-Z]+)*$/, {
    message: 'sort must be a comma list of field names, optionally prefixed with -',
  })
  sort?: string;
}

export interface PageResult<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
  /**
   * True when `total` came from the per-filter count cache (a slow count, kept briefly) rather than from a
   * count run for this request: it may be a few seconds old. Absent or false → exact.
   */
  totalIsEstimate?: boolean;
}

export interface PaginateOptions<
  C extends ObjectLiteral = ObjectLiteral,
  T extends ObjectLiteral = ObjectLiteral,
> {
  /**
   * What to count instead of `qb` (without its order and page): the same filters without the joins that only
   * feed the page's columns, so the count reads one table.
   */
  countQuery?: SelectQueryBuilder<C>;
  /** Keep slow counts per filter for a few seconds (answered as `totalIsEstimate: true`). */
  countCache?: CountCache;
  /**
   * Reads the page (its order, limit and offset applied) instead of `getMany()`: e.g. `getRawMany()` of a
   * query that selects exactly the answer's columns, so no entity is hydrated. Only for queries whose count is
   * plain (to-one joins only).
   */
  load?: (page: SelectQueryBuilder<T>) => Promise<T[]>;
}

/**
 * Applies limit/offset/sort to a query builder. `sortable` maps public sort keys to SQL expressions;
 * an unknown key is a 400 that names the allowed ones. `tieBreaker` (one column, or several that are unique
 * together) keeps pages stable. The steps (`sortOrder`, `withTotal`, `countThrough`) are exported for
 * hand-written page statements, so both follow the same rules.
 */
export async function paginate<T extends ObjectLiteral, C extends ObjectLiteral = T>(
  qb: SelectQueryBuilder<T>,
  query: ListQueryDto,
  sortable: Record<string, string>,
  defaultSort: string,
  tieBreaker: string | string[],
  options: PaginateOptions<C, T> = {},
): Promise<PageResult<T>> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const offset = query.offset ?? 0;
  orderBy(qb, sortOrder(qb, query.sort ?? defaultSort, sortable, tieBreaker));
  // take/skip make TypeORM page over DISTINCT ids in a subquery, which only a to-many join needs
  if (joinsMany(qb) || !plainCount(qb) || (options.countQuery && !plainCount(options.countQuery))) {
    if (options.load) throw new Error('paginate: `load` needs a query with a plain count');
    const [items, total] = await qb.take(limit).skip(offset).getManyAndCount();
    return { items, total, limit, offset };
  }
  qb.limit(limit).offset(offset);
  const count = () =>
    options.countQuery
      ? countRows(options.countQuery, options.countCache)
      : countRows(qb, options.countCache);
  // outside a transaction the page and the count go out together, each on a pooled connection; inside one
  // they take turns
  const together = !inTransaction(qb) && !(options.countQuery && inTransaction(options.countQuery));
  const {
    page: items,
    total,
    estimate,
  } = await withTotal(
    () => (options.load ? options.load(qb) : qb.getMany()),
    (page) => page.length,
    count,
    { limit, offset, together },
  );
  return estimate ? { items, total, limit, offset, totalIsEstimate: true } : { items, total, limit, offset };
}

/** One key of `sort`: the sortable's SQL expression and its direction. */
export interface SortKey {
  column: string;
  descending: boolean;
}

/**
 * `sort` (a comma list of public keys, each optionally prefixed with `-` for descending) as `sortable`'s
 * expressions; a key `sortable` does not have is a 400 on field `sort` that names the allowed ones.
 */
export function sortKeys(sort: string, sortable: Record<string, string>): SortKey[] {
  return sort.split(',').map((key) => {
    const descending = key.startsWith('-');
    const name = descending ? key.slice(1) : key;
    if (!Object.hasOwn(sortable, name)) {
      throw DomainException.invalid(
        'sort',
        `sort field "${name}" is not one of: ${Object.keys(sortable).join(', ')}`,
      );
    }
    return { column: sortable[name], descending };
  });
}

/** Where blanks go in a key of the given direction: they sort as the smallest value. */
export function nullsOrder(descending: boolean): 'NULLS FIRST' | 'NULLS LAST' {
  return descending ? 'NULLS LAST' : 'NULLS FIRST';
}

/** One term of an ORDER BY: an expression, its direction and, for an expression that may be blank, where blanks go. */
export interface OrderTerm {
  column: string;
  order: 'ASC' | 'DESC';
  nulls?: 'NULLS FIRST' | 'NULLS LAST';
}

/**
 * The ORDER BY of a page: `sort`'s keys (`sortKeys`), blanks as the smallest value (`nullsOrder`), then the
 * `tieBreaker` column(s) ascending. `qb` tells which expressions cannot be blank (a NOT NULL column of its main
 * entity or of an entity it inner-joins): those get no NULLS clause, so a plain btree index can serve the order
 * in both directions (ASC NULLS FIRST cannot use one). `qb` is only read: a hand-written statement passes a query
 * builder with the same aliases and joins that it never runs.
 */
export function sortOrder<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  sort: string,
  sortable: Record<string, string>,
  tieBreaker: string | string[],
): OrderTerm[] {
  const terms = sortKeys(sort, sortable).map(({ column, descending }): OrderTerm => ({
    column,
    order: descending ? 'DESC' : 'ASC',
    nulls: mayBeNull(qb, column) ? nullsOrder(descending) : undefined,
  }));
  for (const column of typeof tieBreaker === 'string' ? [tieBreaker] : tieBreaker)
    terms.push({ column, order: 'ASC' });
  return terms;
}

/** Sets `terms` as the query's ORDER BY (replacing any it had). */
export function orderBy<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  terms: OrderTerm[],
): SelectQueryBuilder<T> {
  terms.forEach(({ column, order, nulls }, index) => {
    if (index === 0) qb.orderBy(column, order, nulls);
    else qb.addOrderBy(column, order, nulls);
  });
  return qb;
}

/**
 * The total of a page that holds `rows` rows, when the page tells it: a short page that is not empty (or the
 * first page) ends the list, so no count is needed. Undefined when only a count can tell.
 */
export function pageTotal(rows: number, limit: number, offset: number): number | undefined {
  return rows < limit && (rows > 0 || offset === 0) ? offset + rows : undefined;
}

/**
 * Reads a page (`read`, of `rows(page)` rows) and its total: from the page when it tells it (`pageTotal`),
 * else from `count`. With `together` (outside a transaction) the count starts beside the page, each on a pooled
 * connection (a page that turns out short tells the total, and its count, over few rows, was cheap), and a count
 * left unused is not awaited; without, the count runs only when needed, after the page.
 */
export async function withTotal<P>(
  read: () => Promise<P>,
  rows: (page: P) => number,
  count: () => Promise<{ total: number; estimate: boolean }>,
  { limit, offset, together }: { limit: number; offset: number; together: boolean },
): Promise<{ page: P; total: number; estimate: boolean }> {
  const counting = together ? count() : undefined;
  counting?.catch(() => undefined);
  const page = await read();
  const told = pageTotal(rows(page), limit, offset);
  if (told !== undefined) return { page, total: told, estimate: false };
  const { total, estimate } = await (counting ?? count());
  return { page, total, estimate };
}

/**
 * `COUNT(*)` of a query's rows (its order and page dropped): no `DISTINCT`, since every join it has is
 * to-one (see `plainCount`). Through `cache` when given.
 */
export async function countRows<C extends ObjectLiteral>(
  qb: SelectQueryBuilder<C>,
  cache?: CountCache,
): Promise<{ total: number; estimate: boolean }> {
  const counter = qb.clone().orderBy().limit(undefined).offset(undefined).take(undefined).skip(undefined);
  counter.select('COUNT(*)', 'n');
  const [sql, parameters] = counter.getQueryAndParameters();
  return countThrough(cache, sql, parameters, async () =>
    Number((await counter.getRawOne<{ n: string }>())?.n ?? 0),
  );
}

/**
 * `run`, the count of the statement `sql` with `parameters`, through `cache` when given (slow counts kept per
 * statement and parameters for a few seconds: `estimate` true); exact otherwise.
 */
export async function countThrough(
  cache: CountCache | undefined,
  sql: string,
  parameters: unknown[],
  run: () => Promise<number>,
): Promise<{ total: number; estimate: boolean }> {
  if (!cache) return { total: await run(), estimate: false };
  return cache.count(`${sql}\u0000${JSON.stringify(parameters)}`, run);
}

/** Whether the query runs on a transaction's connection (an EntityManager's) rather than the pool. */
function inTransaction<Q extends ObjectLiteral>(qb: SelectQueryBuilder<Q>): boolean {
  return Boolean((qb as unknown as { queryRunner?: unknown }).queryRunner);
}

/** Whether `COUNT(*)` counts the main entity's rows: only to-one joins, no grouping, no DISTINCT. */
function plainCount<C extends ObjectLiteral>(qb: SelectQueryBuilder<C>): boolean {
  const map = qb.expressionMap;
  return (
    !joinsMany(qb) &&
    map.groupBys.length === 0 &&
    map.havings.length === 0 &&
    !map.selectDistinct &&
    map.selectDistinctOn.length === 0
  );
}

/**
 * Whether `expression` may be NULL: anything but a NOT NULL column of the query's main entity or of an entity it
 * inner-joins (a left join may leave the column NULL) may.
 */
function mayBeNull<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, expression: string): boolean {
  const match = /^(\w+)\.(\w+)$/.exec(expression);
  if (!match) return true;
  const map = qb.expressionMap;
  const main = map.mainAlias;
  const alias =
    main && match[1] === main.name
      ? main
      : map.joinAttributes.find((join) => join.direction === 'INNER' && join.alias.name === match[1])?.alias;
  if (!alias?.hasMetadata) return true;
  const column = alias.metadata.findColumnWithPropertyPath(match[2]);
  return column ? column.isNullable : true;
}

/** Whether a join can repeat a row of the main entity (a to-many relation, or a join TypeORM cannot classify). */
function joinsMany<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): boolean {
  return qb.expressionMap.joinAttributes.some((join) => {
    try {
      return !join.relation || join.isMany;
    } catch {
      return true;
    }
  });
}

/** GraphQL page type for `T`: `{ items, total, limit, offset }`, the same shape as REST. */
export function Paginated<T>(classRef: Type<T>, name: string): Type<PageResult<T>> {
  @ObjectType(`${name}Page`)
  abstract class PageType implements PageResult<T> {
    @Field(() => [classRef])
    items: T[];

    @Field(() => Int)
    total: number;

    @Field(() => Int)
    limit: number;

    @Field(() => Int)
    offset: number;
  }
  return PageType as Type<PageResult<T>>;
}

/** Escapes LIKE wildcards in user text. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * A JSON document already serialized (e.g. built by PostgreSQL) that a handler answers as it is, typed by what it
 * holds (`jsonText` makes one). An interface, so the swagger plugin derives no response schema from it: the
 * handler declares its schema with `@ApiOkResponse` and its `Content-Type` with `@Header`.
 */
export interface JsonText<T> {
  /** (never set: the value is a string, or a Buffer of its UTF-8 bytes, at run time) */
  readonly __json?: T;
}

/** `text`, the JSON of a `T` (as a string, or its UTF-8 bytes), as a `JsonText<T>`. */
export function jsonText<T>(text: string | Buffer): JsonText<T> {
  return text as unknown as JsonText<T>;
}
