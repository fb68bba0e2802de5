import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, ListQueryDto, Paginated, Principal, RequirePermissions } from '@outfall/common';
import { Permission } from '@outfall/shared-types';
import {
  CreateOnlineMonitorDto,
  Hj212StatsDto,
  OnlineMonitorFilterDto,
  OnlineMonitorViewDto,
  UpdateOnlineMonitorDto,
} from './dto/hj212.dto';
import { Hj212Server } from './hj212.server';
import { Hj212PacketRecord } from './online-monitor.entity';
import { OnlineMonitorsService } from './online-monitors.service';

const MonitorPage = Paginated(OnlineMonitorViewDto, 'OnlineMonitorView');
const PacketPage = Paginated(Hj212PacketRecord, 'Hj212Packet');

/** GraphQL for online monitors (HJ 212 stations); the same service as REST. */
@Resolver(() => OnlineMonitorViewDto)
export class Hj212Resolver {
  constructor(
    private readonly monitors: OnlineMonitorsService,
    private readonly server: Hj212Server,
  ) {}

  @Query(() => MonitorPage, { description: 'Online monitors (HJ 212 stations) at the outfalls you may see' })
  @RequirePermissions(Permission.DirectoryRead)
  onlineMonitors(
    @CurrentPrincipal() principal: Principal,
    @Args('filter', { type: () => OnlineMonitorFilterDto, nullable: true }) filter?: OnlineMonitorFilterDto,
    @Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto,
  ) {
    return this.monitors.list(principal, { ...filter, ...page });
  }

  @Query(() => OnlineMonitorViewDto)
  @RequirePermissions(Permission.DirectoryRead)
  onlineMonitor(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID }) id: string) {
    return this.monitors.get(principal, id);
  }

  @Query(() => PacketPage, { description: 'Packets a monitor sent, newest first, with their data flags' })
  @RequirePermissions(Permission.DirectoryRead)
  onlineMonitorPackets(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto,
  ) {
    return this.monitors.packets(principal, id, page ?? {});
  }

  @Query(() => Hj212StatsDto, { description: 'What the HJ 212 listener of this process counted' })
  @RequirePermissions(Permission.DirectoryRead)
  hj212Stats(): Hj212StatsDto {
    return this.server.stats();
  }

  @Mutation(() => OnlineMonitorViewDto, { description: 'Registers an HJ 212 station (PW stored hashed)' })
  @RequirePermissions(Permission.MonitoringWrite)
  createOnlineMonitor(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { type: () => CreateOnlineMonitorDto }) input: CreateOnlineMonitorDto,
  ) {
    return this.monitors.create(principal, input);
  }

  @Mutation(() => OnlineMonitorViewDto)
  @RequirePermissions(Permission.MonitoringWrite)
  updateOnlineMonitor(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => UpdateOnlineMonitorDto }) input: UpdateOnlineMonitorDto,
  ) {
    return this.monitors.update(principal, id, input);
  }

  @Mutation(() => Boolean)
  @RequirePermissions(Permission.MonitoringWrite)
  async removeOnlineMonitor(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ) {
    await this.monitors.remove(principal, id);
    return true;
  }
}
