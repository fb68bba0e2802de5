import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

/** The entities of this domain; each one has its table in a committed migration. */
export const ENFORCEMENT_ENTITIES: (new (...args: never[]) => object)[] = [];

/** 执法监督 (enforcement cases). */
@Module({
  imports: [TypeOrmModule.forFeature(ENFORCEMENT_ENTITIES)],
})
export class EnforcementModule {}
