import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DirectoryModule } from '@outfall/directory';
import { SignageLedgerJob } from './ledger/signage-ledger.job';
import { OutfallSign } from './outfall-sign.entity';
import { SignageController } from './signage.controller';
import { SignageResolver } from './signage.resolver';
import { SignageService } from './signage.service';

/** The entities of this domain; each one has its table in a committed migration. */
export const SIGNAGE_ENTITIES: (new (...args: never[]) => object)[] = [OutfallSign];

/** 树标立牌 (signage content). */
@Module({
  imports: [DirectoryModule, TypeOrmModule.forFeature(SIGNAGE_ENTITIES)],
  controllers: [SignageController],
  providers: [SignageService, SignageResolver, SignageLedgerJob],
  exports: [SignageService],
})
export class SignageModule {}
