import { DomainException, Principal } from '@outfall/common';
import {
  Outfall,
  OUTFALL_INTERNAL_COLUMNS,
  OutfallEvent,
  OutfallsService,
  type OutfallView,
  ResponsibleEntitiesService,
} from '@outfall/directory';
import { DataSource } from 'typeorm';

/**
 * The directory card as the service built it before `OutfallsService.card` (one statement, JSON by PostgreSQL):
 * the record read through TypeORM as plain columns in the view's shape, then its milestones, entities and
 * suspected duplicates each read by its own query, as TypeORM reads them. The directory spec compares the card's
 * JSON with this one's, value for value.
 */
export async function referenceCard(
  services: { dataSource: DataSource; outfalls: OutfallsService; entities: ResponsibleEntitiesService },
  principal: Principal,
  id: string,
) {
  const { dataSource, outfalls, entities } = services;
  const qb = outfalls.visible(principal);
  const [[expression, alias], ...rest] = viewColumns(dataSource);
  qb.select(expression, alias);
  for (const [more, as] of rest) qb.addSelect(more, as);
  const outfall = await qb.andWhere('outfall.id = :id', { id }).getRawOne<OutfallView>();
  if (!outfall) throw DomainException.notFound('Outfall', id);
  const [events, links, duplicates] = await Promise.all([
    dataSource.getRepository(OutfallEvent).find({ where: { outfallId: id }, order: { effectiveOn: 'ASC' } }),
    entities.linksOf([id]),
    dataSource.query<{ id: string; localCode: string; name: string; reason: string; distanceM: number }[]>(
      `SELECT d.other_id AS id, o.local_code AS "localCode", o.name, d.reason, d.distance_m AS "distanceM"
         FROM outfall_duplicate d JOIN outfall o ON o.id = d.other_id
        WHERE d.outfall_id = $1 ORDER BY d.distance_m`,
      [id],
    ),
  ]);
  return { ...outfall, events, entities: links, duplicates };
}

/** `[expression, alias]` of each column of the view, in the entity's column order, then the division. */
function viewColumns(dataSource: DataSource): [string, string][] {
  return [
    ...dataSource
      .getMetadata(Outfall)
      .columns.filter((column) => column.isSelect && !OUTFALL_INTERNAL_COLUMNS.has(column.propertyName))
      .map((column): [string, string] => [
        `outfall.${column.databaseName}${column.type === 'date' ? '::text' : ''}`,
        column.propertyName,
      ]),
    [`json_build_object('id', division.id, 'name', division.name, 'code', division.code)`, 'division'],
  ];
}
