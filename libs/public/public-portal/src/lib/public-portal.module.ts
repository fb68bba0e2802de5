import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SetupReviewModule } from '@outfall/setup-review';
import { SignageModule } from '@outfall/signage';
import { PublicCache } from './public-cache';
import { PublicController } from './public.controller';
import { PublicFastPathMiddleware } from './public-fast-path.middleware';
import { PublicOutfallsService } from './public-outfalls.service';
import { PublicPortalResolver } from './public-portal.resolver';
import { PublicRateLimiter, PublicRateLimitGuard } from './public-rate-limit.guard';
import { PublicationConfig } from './publication-config.entity';
import { PublicationController } from './publication.controller';
import { PublicationService } from './publication.service';
import { SignSheetService } from './sign-sheet.service';

/** The entities of this domain; each one has its table in a committed migration. */
export const PUBLIC_PORTAL_ENTITIES: (new (...args: never[]) => object)[] = [PublicationConfig];

/** 公众公开 (the public portal: published outfalls, pages, sign sheets). */
@Module({
  imports: [TypeOrmModule.forFeature(PUBLIC_PORTAL_ENTITIES), SetupReviewModule, SignageModule],
  controllers: [PublicController, PublicationController],
  providers: [
    PublicCache,
    PublicRateLimiter,
    PublicRateLimitGuard,
    PublicFastPathMiddleware,
    PublicationService,
    PublicOutfallsService,
    SignSheetService,
    PublicPortalResolver,
  ],
  exports: [PublicationService, PublicCache],
})
export class PublicPortalModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(PublicFastPathMiddleware).forRoutes(PublicController);
  }
}
