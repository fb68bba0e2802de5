export * from './lib/tasks.module';
export * from './lib/tasks/task.entity';
export * from './lib/tasks/tasks.service';
export * from './lib/rivers/river.entity';
export * from './lib/rivers/rivers.service';
export * from './lib/dto/tasks.dto';
export * from './lib/tasks.exception';
