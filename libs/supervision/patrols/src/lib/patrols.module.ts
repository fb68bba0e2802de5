import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

/** The entities of this domain; each one has its table in a committed migration. */
export const PATROLS_ENTITIES: (new (...args: never[]) => object)[] = [];

/** 长效监管巡查 (patrols of the long-term mechanism). */
@Module({
  imports: [TypeOrmModule.forFeature(PATROLS_ENTITIES)],
})
export class PatrolsModule {}
