import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Division } from './division.entity';
import { DivisionsController, UnitsController } from './org.controller';
import { DivisionFieldsResolver, OrgResolver, UnitFieldsResolver } from './org.resolver';
import { OrgService } from './org.service';
import { Unit } from './unit.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Division, Unit])],
  controllers: [DivisionsController, UnitsController],
  providers: [OrgService, OrgResolver, UnitFieldsResolver, DivisionFieldsResolver],
  exports: [OrgService],
})
export class OrgModule {}
