import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DirectoryModule } from '@outfall/directory';
import { SetupReviewLedgerJob } from './ledgers/setup-review-ledger.job';
import { SetupApplication, SetupNotification } from './setup-application.entity';
import { SetupNotificationsService } from './setup-notifications.service';
import { SetupReviewController } from './setup-review.controller';
import { SetupReviewResolver } from './setup-review.resolver';
import { SetupReviewService } from './setup-review.service';

/** The entities of this domain; each one has its table in a committed migration. */
export const SETUP_REVIEW_ENTITIES: (new (...args: never[]) => object)[] = [
  SetupApplication,
  SetupNotification,
];

/** 设置审核与登记 (setup review and registration of outfalls). */
@Module({
  imports: [DirectoryModule, TypeOrmModule.forFeature(SETUP_REVIEW_ENTITIES)],
  controllers: [SetupReviewController],
  providers: [SetupReviewService, SetupNotificationsService, SetupReviewResolver, SetupReviewLedgerJob],
  exports: [SetupReviewService, SetupNotificationsService],
})
export class SetupReviewModule {}
