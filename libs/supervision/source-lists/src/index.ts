export * from './lib/source-lists.module';
export * from './lib/items/source-list-item.entity';
export * from './lib/items/source-lists.service';
export * from './lib/items/source-list.rules';
export * from './lib/water-basin/water-basin.service';
export * from './lib/dto/source-lists.dto';
export * from './lib/source-lists.exception';
