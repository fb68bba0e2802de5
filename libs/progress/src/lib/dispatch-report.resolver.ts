import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, Principal, RequirePermissions } from '@outfall/common';
import { Permission } from '@outfall/shared-types';
import { DispatchReportView, ReturnDispatchReportDto, UpdateDispatchReportDto } from './dispatch-report.dto';
import { DispatchReport } from './dispatch-report.entity';
import { DispatchReportsService } from './dispatch-reports.service';

/** GraphQL for the dispatch report's workflow: the same service as REST (downloads are REST only). */
@Resolver()
export class DispatchReportResolver {
  constructor(private readonly reports: DispatchReportsService) {}

  @Query(() => [DispatchReport], { description: 'Saved dispatch reports, newest quarter first' })
  @RequirePermissions(Permission.DirectoryRead)
  dispatchReports(@CurrentPrincipal() principal: Principal) {
    return this.reports.list(principal);
  }

  @Query(() => DispatchReportView, { description: 'A snapshot’s dispatch report with its narrative' })
  @RequirePermissions(Permission.DirectoryRead)
  dispatchReport(
    @CurrentPrincipal() principal: Principal,
    @Args('snapshotId', { type: () => ID }) snapshotId: string,
  ) {
    return this.reports.get(principal, snapshotId);
  }

  @Mutation(() => DispatchReportView, {
    description: 'Saves next-quarter tasks / narrative override (draft only)',
  })
  @RequirePermissions(Permission.ReportIssue)
  updateDispatchReport(
    @CurrentPrincipal() principal: Principal,
    @Args('snapshotId', { type: () => ID }) snapshotId: string,
    @Args('input', { type: () => UpdateDispatchReportDto }) input: UpdateDispatchReportDto,
  ) {
    return this.reports.update(principal, snapshotId, input);
  }

  @Mutation(() => DispatchReportView, { description: 'The preparer submits the draft for sign-off' })
  @RequirePermissions(Permission.ReportIssue)
  submitDispatchReport(
    @CurrentPrincipal() principal: Principal,
    @Args('snapshotId', { type: () => ID }) snapshotId: string,
  ) {
    return this.reports.submit(principal, snapshotId);
  }

  @Mutation(() => DispatchReportView, { description: 'Returns a submitted report to draft' })
  @RequirePermissions(Permission.ReportIssue)
  returnDispatchReport(
    @CurrentPrincipal() principal: Principal,
    @Args('snapshotId', { type: () => ID }) snapshotId: string,
    @Args('input', { type: () => ReturnDispatchReportDto }) input: ReturnDispatchReportDto,
  ) {
    return this.reports.returnToDraft(principal, snapshotId, input.reason);
  }

  @Mutation(() => DispatchReportView, {
    description: 'Issues the report (not by its preparer); frozen after',
  })
  @RequirePermissions(Permission.ReportIssue)
  issueDispatchReport(
    @CurrentPrincipal() principal: Principal,
    @Args('snapshotId', { type: () => ID }) snapshotId: string,
  ) {
    return this.reports.issue(principal, snapshotId);
  }
}
