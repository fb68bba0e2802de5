import { Args, Field, Float, ID, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import {
  CurrentPrincipal,
  GraphQLJSON,
  ListQueryDto,
  Paginated,
  Principal,
  RequirePermissions,
} from '@outfall/common';
import { Permission } from '@outfall/shared-types';
import { ArchiveService } from './archive.service';
import { AssessmentService } from './assessment.service';
import { AccountabilityConfigService } from './config.service';
import { NoticesService } from './notices.service';
import { PackagesService } from './packages.service';
import {
  ArchiveFilterDto,
  GeneratePackageDto,
  NoticeFilterDto,
  PackageReceiptDto,
  RespondNoticeDto,
  ReviewNoticeDto,
  ReviewSubmissionDto,
  SaveConfigDto,
  SendNoticeDto,
  SubmitDto,
} from './submissions.dto';
import {
  AccountabilityConfigVersion,
  QuarterlySubmission,
  SupervisionNotice,
  UpwardPackage,
} from './submissions.entities';
import { ArchivePageResponse } from './submissions.responses';
import { reportingQuarter, SubmissionsService } from './submissions.service';

@ObjectType('SupervisionNoticeView')
class NoticeViewType extends SupervisionNotice {
  @Field(() => String, { nullable: true }) unitName: string | null;
  @Field() overdue: boolean;
  @Field() answeredLate: boolean;
}

@ObjectType('QuarterlySubmissionView')
class SubmissionViewType extends QuarterlySubmission {
  @Field(() => String, { nullable: true }) unitName: string | null;
  @Field() deadline: string;
  @Field() late: boolean;
}

@ObjectType('AssessmentUnitScore')
class UnitScoreType {
  @Field(() => ID) unitId: string;
  @Field() unit: string;
  @Field(() => Int) rank: number;
  @Field(() => Float) score: number;
  @Field(() => Float) maximum: number;
  @Field(() => GraphQLJSON, {
    description: 'key, label, weight, effectiveWeight, applicable, value, points, detail',
  })
  lines: object[];
}

@ObjectType('Assessment')
class AssessmentType {
  @Field() quarter: string;
  @Field() asOf: string;
  @Field(() => Int, { nullable: true }) configVersion: number | null;
  @Field(() => [UnitScoreType]) units: UnitScoreType[];
}

@ObjectType('AccountabilityConfigCurrent')
class ConfigCurrentType {
  @Field(() => Int, { nullable: true }) version: number | null;
  @Field(() => GraphQLJSON) config: object;
}

const NoticePage = Paginated(NoticeViewType, 'SupervisionNoticeView');
const SubmissionPage = Paginated(SubmissionViewType, 'QuarterlySubmissionView');

/** GraphQL for notices, submissions, assessment and upward packages; the same services as REST. */
@Resolver()
export class SubmissionsResolver {
  constructor(
    private readonly notices: NoticesService,
    private readonly submissions: SubmissionsService,
    private readonly assessments: AssessmentService,
    private readonly config: AccountabilityConfigService,
    private readonly packages: PackagesService,
    private readonly archive: ArchiveService,
  ) {}

  @Query(() => NoticePage, { description: 'Supervision notices (督办); a unit sees its own' })
  @RequirePermissions(Permission.OrgRead)
  supervisionNotices(
    @CurrentPrincipal() principal: Principal,
    @Args('filter', { type: () => NoticeFilterDto, nullable: true }) filter?: NoticeFilterDto,
    @Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto,
  ) {
    return this.notices.list(principal, { ...filter, ...page });
  }

  @Query(() => NoticeViewType)
  @RequirePermissions(Permission.OrgRead)
  supervisionNotice(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID }) id: string) {
    return this.notices.get(principal, id);
  }

  @Mutation(() => NoticeViewType)
  @RequirePermissions(Permission.AccountabilityManage)
  sendSupervisionNotice(@CurrentPrincipal() principal: Principal, @Args('input') input: SendNoticeDto) {
    return this.notices.send(principal, input);
  }

  @Mutation(() => NoticeViewType)
  @RequirePermissions(Permission.SubmissionWrite)
  respondSupervisionNotice(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: RespondNoticeDto,
  ) {
    return this.notices.respond(principal, id, input);
  }

  @Mutation(() => NoticeViewType)
  @RequirePermissions(Permission.AccountabilityManage)
  reviewSupervisionNotice(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: ReviewNoticeDto,
  ) {
    return this.notices.review(principal, id, input);
  }

  @Query(() => SubmissionPage, { description: 'Quarterly information submissions (信息报送)' })
  @RequirePermissions(Permission.OrgRead)
  quarterlySubmissions(
    @CurrentPrincipal() principal: Principal,
    @Args('quarter', { nullable: true }) quarter?: string,
    @Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto,
  ) {
    return this.submissions.list(principal, { quarter, ...page });
  }

  @Query(() => SubmissionViewType, {
    description: 'One quarterly submission (REST GET /accountability/submissions/:id); a unit sees its own',
  })
  @RequirePermissions(Permission.OrgRead)
  quarterlySubmission(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID }) id: string) {
    return this.submissions.get(principal, id);
  }

  @Query(() => GraphQLJSON, { description: 'Units × quarters: on_time / late / missing / pending' })
  @RequirePermissions(Permission.OrgRead)
  submissionMatrix(
    @CurrentPrincipal() principal: Principal,
    @Args('quarters', { type: () => [String] }) quarters: string[],
  ) {
    return this.submissions.matrix(principal, quarters.slice(0, 12));
  }

  @Mutation(() => SubmissionViewType)
  @RequirePermissions(Permission.SubmissionWrite)
  submitQuarterly(@CurrentPrincipal() principal: Principal, @Args('input') input: SubmitDto) {
    return this.submissions.submit(principal, input);
  }

  @Mutation(() => SubmissionViewType)
  @RequirePermissions(Permission.AccountabilityManage)
  reviewQuarterlySubmission(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: ReviewSubmissionDto,
  ) {
    return this.submissions.review(principal, id, input);
  }

  @Query(() => AssessmentType, { description: 'Quarterly assessment (考核); a unit sees its own score' })
  @RequirePermissions(Permission.OrgRead)
  assessment(
    @CurrentPrincipal() principal: Principal,
    @Args('quarter', { nullable: true }) quarter?: string,
  ) {
    return this.assessments.assess(principal, quarter ?? reportingQuarter());
  }

  @Query(() => ConfigCurrentType)
  @RequirePermissions(Permission.OrgRead)
  accountabilityConfig() {
    return this.config.current();
  }

  @Query(() => [AccountabilityConfigVersion], {
    description:
      'Every version of the configuration, newest first (REST GET /accountability/config/versions)',
  })
  @RequirePermissions(Permission.AccountabilityManage)
  accountabilityConfigVersions() {
    return this.config.versions();
  }

  @Query(() => ArchivePageResponse, {
    description:
      'Archive completeness (一口一档) within the caller’s jurisdiction (REST GET /accountability/archive-completeness)',
  })
  @RequirePermissions(Permission.DirectoryRead)
  archiveCompleteness(
    @CurrentPrincipal() principal: Principal,
    @Args('filter', { type: () => ArchiveFilterDto, nullable: true }) filter?: ArchiveFilterDto,
    @Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto,
  ) {
    return this.archive.list(principal, { ...filter, ...page });
  }

  @Mutation(() => AccountabilityConfigVersion)
  @RequirePermissions(Permission.AccountabilityManage)
  saveAccountabilityConfig(@CurrentPrincipal() principal: Principal, @Args('input') input: SaveConfigDto) {
    return this.config.save(principal, input.config, input.note);
  }

  @Query(() => [UpwardPackage])
  @RequirePermissions(Permission.AccountabilityManage)
  upwardPackages(@Args('quarter', { nullable: true }) quarter?: string) {
    return this.packages.list(quarter);
  }

  @Query(() => UpwardPackage, { description: 'One upward package (REST GET /accountability/packages/:id)' })
  @RequirePermissions(Permission.AccountabilityManage)
  upwardPackage(@Args('id', { type: () => ID }) id: string) {
    return this.packages.get(id);
  }

  @Mutation(() => UpwardPackage, { description: 'Queues the quarter’s package (XLSX + JSON)' })
  @RequirePermissions(Permission.AccountabilityManage)
  async generateUpwardPackage(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: GeneratePackageDto,
  ) {
    return (await this.packages.generate(principal, input.quarter)).package;
  }

  @Mutation(() => UpwardPackage)
  @RequirePermissions(Permission.AccountabilityManage)
  recordUpwardPackageReceipt(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: PackageReceiptDto,
  ) {
    return this.packages.receipt(principal, id, input);
  }
}
