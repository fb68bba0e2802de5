import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

/** The entities of this domain; each one has its table in a committed migration. */
export const SETUP_REVIEW_ENTITIES: (new (...args: never[]) => object)[] = [];

/** 设置审核与登记 (setup review and registration of outfalls). */
@Module({
  imports: [TypeOrmModule.forFeature(SETUP_REVIEW_ENTITIES)],
})
export class SetupReviewModule {}
