import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

/** The entities of this domain; each one has its table in a committed migration. */
export const TASKS_ENTITIES: (new (...args: never[]) => object)[] = [];

/** 任务分工与河湖长 (tasks with lead, cooperating and responsible units; river chiefs). */
@Module({
  imports: [TypeOrmModule.forFeature(TASKS_ENTITIES)],
})
export class TasksModule {}
