import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, ListQueryDto, Paginated, Principal, RequirePermissions } from '@outfall/common';
import { Permission } from '@outfall/shared-types';
import { PublicReportEvent } from './public-report.entity';
import {
  AssignPublicReportDto,
  CandidateResponse,
  OutcomeDto,
  PublicReportFilterDto,
  PublicReportResponse,
  ReplyDto,
} from './public-reports.dto';
import { PublicReportsService } from './public-reports.service';

const ReportPage = Paginated(PublicReportResponse, 'PublicReport');

/** GraphQL for the triage of public reports; the same service as REST (the public intake is REST only). */
@Resolver(() => PublicReportResponse)
export class PublicReportsResolver {
  constructor(private readonly reports: PublicReportsService) {}

  @Query(() => ReportPage, { description: 'Public reports (公众举报)' })
  @RequirePermissions(Permission.PublicReportTriage)
  publicReports(
    @CurrentPrincipal() principal: Principal,
    @Args('filter', { type: () => PublicReportFilterDto, nullable: true }) filter?: PublicReportFilterDto,
    @Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto,
  ) {
    return this.reports.list(principal, { ...filter, ...page });
  }

  @Query(() => PublicReportResponse)
  @RequirePermissions(Permission.PublicReportTriage)
  publicReport(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID }) id: string) {
    return this.reports.view1(principal, id);
  }

  @Query(() => [PublicReportEvent], { description: 'The handling timeline of a report' })
  @RequirePermissions(Permission.PublicReportTriage)
  publicReportEvents(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID }) id: string) {
    return this.reports.timeline(principal, id);
  }

  @Query(() => [CandidateResponse], { description: 'Outfalls and open reports near the report' })
  @RequirePermissions(Permission.PublicReportTriage)
  async publicReportCandidates(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ) {
    return this.reports.candidates(principal, await this.reports.get(principal, id));
  }

  @Mutation(() => PublicReportResponse)
  @RequirePermissions(Permission.PublicReportTriage)
  assignPublicReport(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => AssignPublicReportDto }) input: AssignPublicReportDto,
  ) {
    return this.reports.assign(principal, id, input);
  }

  @Mutation(() => PublicReportResponse)
  @RequirePermissions(Permission.PublicReportTriage)
  recordPublicReportOutcome(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => OutcomeDto }) input: OutcomeDto,
  ) {
    return this.reports.recordOutcome(principal, id, input);
  }

  @Mutation(() => PublicReportResponse)
  @RequirePermissions(Permission.PublicReportTriage)
  replyPublicReport(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => ReplyDto }) input: ReplyDto,
  ) {
    return this.reports.reply(principal, id, input);
  }
}
