import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

/** The entities of this domain; each one has its table in a committed migration. */
export const PERMITS_ENTITIES: (new (...args: never[]) => object)[] = [];

/** 排污许可与自行监测 (discharge permits and the self-monitoring duty). */
@Module({
  imports: [TypeOrmModule.forFeature(PERMITS_ENTITIES)],
})
export class PermitsModule {}
