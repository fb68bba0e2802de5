import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

/** The entities of this domain; each one has its table in a committed migration. */
export const PUBLIC_PORTAL_ENTITIES: (new (...args: never[]) => object)[] = [];

/** 公众公开 (the public portal: published outfalls, pages, sign sheets). */
@Module({
  imports: [TypeOrmModule.forFeature(PUBLIC_PORTAL_ENTITIES)],
})
export class PublicPortalModule {}
