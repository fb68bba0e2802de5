export * from './lib/signage.module';
export * from './lib/outfall-sign.entity';
export * from './lib/signage.service';
export * from './lib/dto/signage.dto';
