import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblems } from '@app/common/errors/problem-details.dto';
import { PageOf } from '@app/common/http/pagination';
import type { AuthUser } from '@app/modules/identity/auth/auth-user';
import { CurrentUser } from '@app/modules/identity/auth/auth.decorators';
import { DelegationsService } from './delegations.service';
import {
  CandidatesQuery,
  CreateDelegationDto,
  DelegateCandidateList,
  DelegationView,
  ListDelegationsQuery,
} from './dto/delegation.dto';

@ApiTags('delegations')
@ApiBearerAuth()
@Controller('delegations')
export class DelegationsController {
  constructor(private readonly delegations: DelegationsService) {}

  @Post()
  @ApiOperation({
    summary: 'Name a substitute (suplente) who signs in the delegator’s place for a bounded time',
    description:
      'The delegator (the caller unless an admin names another) is an approver or a co-chair; ' +
      'the delegate is an active user of the same agency (for a co-chair seat, of an agency of ' +
      'the same country). Not transitive: only one’s own signatures can be delegated. ' +
      'Both people are notified (`delegation_created`).',
  })
  @ApiCreatedResponse({ type: DelegationView })
  @ApiProblems({
    400: 'Invalid fields: `errors` names each (delegatorId, delegateId, startsAt, endsAt, legalBasis)',
    401: 'No valid bearer token',
    403: 'Only an admin may name another delegator',
  })
  create(@Body() dto: CreateDelegationDto, @CurrentUser() user: AuthUser) {
    return this.delegations.create(dto, user);
  }

  @Get()
  @ApiOperation({
    summary: 'Delegations: all for admins, else those where the caller is delegator or delegate',
  })
  @ApiOkResponse({ type: PageOf(DelegationView) })
  @ApiProblems({ 400: 'Invalid filters', 401: 'No valid bearer token' })
  list(@Query() query: ListDelegationsQuery, @CurrentUser() user: AuthUser) {
    return this.delegations.list(query, user);
  }

  @Get('candidates')
  @ApiOperation({
    summary: 'Who may be named delegate of the caller (or, for an admin, of delegatorId)',
  })
  @ApiOkResponse({ type: DelegateCandidateList })
  @ApiProblems({
    400: 'delegatorId is not a UUID',
    401: 'No valid bearer token',
    403: 'Only an admin may ask for someone else',
  })
  async candidates(@Query() query: CandidatesQuery, @CurrentUser() user: AuthUser) {
    return { items: await this.delegations.candidates(query.delegatorId, user) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One delegation (its parties and admins)' })
  @ApiOkResponse({ type: DelegationView })
  @ApiProblems({
    400: 'The id is not a UUID',
    401: 'No valid bearer token',
    404: 'No such delegation',
  })
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser) {
    return this.delegations.get(id, user);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Revoke a delegation (the delegator or an admin): it stops at once',
    description: 'Both people are notified (`delegation_revoked`).',
  })
  @ApiOkResponse({ type: DelegationView })
  @ApiProblems({
    400: 'The id is not a UUID',
    401: 'No valid bearer token',
    403: 'Neither the delegator nor an admin',
    404: 'No such delegation',
    409: 'Already revoked or expired',
  })
  revoke(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser) {
    return this.delegations.revoke(id, user);
  }
}
