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
 * together) keeps pages stable.
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
  const keys = (query.sort ?? defaultSort).split(',');
  keys.forEach((key, index) => {
    const descending = key.startsWith('-');
    const name = descending ? key.slice(1) : key;
    const column = sortable[name];
    if (!column) {
      throw DomainException.invalid(
        'sort',
        `sort field "${name}" is not one of: ${Object.keys(sortable).join(', ')}`,
      );
    }
    const order = descending ? 'DESC' : 'ASC';
    // blanks sort as the smallest value; a column that cannot be blank gets no NULLS clause, so a plain
    // btree index can serve the order in both directions (ASC NULLS FIRST cannot use one)
    const nulls = mayBeNull(qb, column) ? (descending ? 'NULLS LAST' : 'NULLS FIRST') : undefined;
    if (index === 0) qb.orderBy(column, order, nulls);
    else qb.addOrderBy(column, order, nulls);
  });
  for (const column of typeof tieBreaker === 'string' ? [tieBreaker] : tieBreaker)
    qb.addOrderBy(column, 'ASC');
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
  // outside a transaction the page and the count go out together, each on a pooled connection (a page that
  // turns out short tells the total, and its count, over few rows, was cheap); inside one they take turns
  const together = !inTransaction(qb) && !(options.countQuery && inTransaction(options.countQuery));
  const counting = together ? count() : undefined;
  counting?.catch(() => undefined);
  const items = options.load ? await options.load(qb) : await qb.getMany();
  // a short page that is not empty (or the first page) tells the total without counting
  if (items.length < limit && (items.length > 0 || offset === 0))
    return { items, total: offset + items.length, limit, offset };
  const { total, estimate } = await (counting ?? count());
  return estimate ? { items, total, limit, offset, totalIsEstimate: true } : { items, total, limit, offset };
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
  const run = async () => Number((await counter.getRawOne<{ n: string }>())?.n ?? 0);
  if (!cache) return { total: await run(), estimate: false };
  const [sql, parameters] = counter.getQueryAndParameters();
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
