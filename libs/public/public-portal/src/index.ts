export * from './lib/public-portal.module';
export * from './lib/publication-config.entity';
export * from './lib/publication.dto';
export * from './lib/publication.service';
export * from './lib/public-outfalls.service';
export * from './lib/public-cache';
