export * from './lib/division.entity';
export * from './lib/unit.entity';
export * from './lib/dto/org.dto';
export * from './lib/org.exception';
export * from './lib/org.service';
export * from './lib/unit.mapper';
export * from './lib/org.module';
