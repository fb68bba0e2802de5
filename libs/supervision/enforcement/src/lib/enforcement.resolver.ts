import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, ListQueryDto, Paginated, Principal, RequirePermissions } from '@outfall/common';
import { Permission } from '@outfall/shared-types';
import { EnforcementCaseEvent, EnforcementEvidence } from './enforcement-case.entity';
import {
  CaseFilterDto,
  CaseResponse,
  EvidenceCheckResponse,
  CaseTransitionDto,
  OpenCaseDto,
  UpdateCaseDto,
} from './enforcement.dto';
import { EnforcementService } from './enforcement.service';

const CasePage = Paginated(CaseResponse, 'EnforcementCase');

/** GraphQL for enforcement cases; the same service as REST. */
@Resolver(() => CaseResponse)
export class EnforcementResolver {
  constructor(private readonly cases: EnforcementService) {}

  @Query(() => CasePage, { description: 'Enforcement cases (执法案件)' })
  @RequirePermissions(Permission.DirectoryRead)
  enforcementCases(
    @CurrentPrincipal() principal: Principal,
    @Args('filter', { type: () => CaseFilterDto, nullable: true }) filter?: CaseFilterDto,
    @Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto,
  ) {
    return this.cases.list(principal, { ...filter, ...page });
  }

  @Query(() => CaseResponse)
  @RequirePermissions(Permission.DirectoryRead)
  enforcementCase(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID }) id: string) {
    return this.cases.view1(principal, id);
  }

  @Query(() => [EnforcementCaseEvent], { description: 'The timeline of a case' })
  @RequirePermissions(Permission.DirectoryRead)
  enforcementCaseEvents(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ) {
    return this.cases.timeline(principal, id);
  }

  @Query(() => [EnforcementEvidence], { description: 'Evidence files with their SHA-256' })
  @RequirePermissions(Permission.DirectoryRead)
  enforcementEvidence(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID }) id: string) {
    return this.cases.evidence(principal, id);
  }

  @Query(() => EvidenceCheckResponse, {
    description:
      'Hashes the stored bytes again: intact when they match the upload hash (REST GET /enforcement/cases/:id/evidence/:evidenceId/check)',
  })
  @RequirePermissions(Permission.DirectoryRead)
  enforcementEvidenceCheck(
    @CurrentPrincipal() principal: Principal,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('evidenceId', { type: () => ID }) evidenceId: string,
  ) {
    return this.cases.checkEvidence(principal, caseId, evidenceId);
  }

  @Mutation(() => CaseResponse)
  @RequirePermissions(Permission.EnforcementWrite)
  openEnforcementCase(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { type: () => OpenCaseDto }) input: OpenCaseDto,
  ) {
    return this.cases.openCase(principal, input);
  }

  @Mutation(() => CaseResponse)
  @RequirePermissions(Permission.EnforcementWrite)
  updateEnforcementCase(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => UpdateCaseDto }) input: UpdateCaseDto,
  ) {
    return this.cases.update(principal, id, input);
  }

  @Mutation(() => CaseResponse, { description: 'A workflow step of a case' })
  @RequirePermissions(Permission.EnforcementWrite)
  transitionEnforcementCase(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => CaseTransitionDto }) input: CaseTransitionDto,
  ) {
    return this.cases.transition(principal, id, input);
  }
}
