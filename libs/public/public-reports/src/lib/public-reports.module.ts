import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

/** The entities of this domain; each one has its table in a committed migration. */
export const PUBLIC_REPORTS_ENTITIES: (new (...args: never[]) => object)[] = [];

/** 公众举报 (public reports of suspected illegal outfalls and their triage). */
@Module({
  imports: [TypeOrmModule.forFeature(PUBLIC_REPORTS_ENTITIES)],
})
export class PublicReportsModule {}
