import { Module } from '@nestjs/common';
import { MonitoringModule } from '@outfall/monitoring';
import { PatrolsModule } from '@outfall/patrols';
import { ProgressModule } from '@outfall/progress';
import { DashboardController } from './dashboard.controller';
import { DashboardResolver } from './dashboard.resolver';
import { DashboardService } from './dashboard.service';

/** The role dashboards (工作台): reads only, composed from progress, monitoring and patrols. */
@Module({
  imports: [ProgressModule, MonitoringModule, PatrolsModule],
  controllers: [DashboardController],
  providers: [DashboardService, DashboardResolver],
})
export class DashboardModule {}
