import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SourceListItem } from './items/source-list-item.entity';

/** The entities of this domain; each one has its table in a committed migration. */
export const SOURCE_LISTS_ENTITIES: (new (...args: never[]) => object)[] = [SourceListItem];

/** 部门基础清单 (the departments' base data: industrial enterprises and farms). */
@Module({
  imports: [TypeOrmModule.forFeature(SOURCE_LISTS_ENTITIES)],
})
export class SourceListsModule {}
