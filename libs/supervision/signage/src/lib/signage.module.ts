import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

/** The entities of this domain; each one has its table in a committed migration. */
export const SIGNAGE_ENTITIES: (new (...args: never[]) => object)[] = [];

/** 树标立牌 (signage content). */
@Module({
  imports: [TypeOrmModule.forFeature(SIGNAGE_ENTITIES)],
})
export class SignageModule {}
