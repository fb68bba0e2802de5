import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

/** The entities of this domain; each one has its table in a committed migration. */
export const SUBMISSIONS_ENTITIES: (new (...args: never[]) => object)[] = [];

/** 督办、信息报送与考核 (supervision notices, information submission, assessment). */
@Module({
  imports: [TypeOrmModule.forFeature(SUBMISSIONS_ENTITIES)],
})
export class SubmissionsModule {}
