import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { isStepKey } from '@puentes/workflow-engine';
import { ApiProblems } from '@app/common/errors/problem-details.dto';
import { PageOf, PaginationQuery } from '@app/common/http/pagination';
import type { AuthUser } from '@app/modules/identity/auth/auth-user';
import { CurrentUser, Roles } from '@app/modules/identity/auth/auth.decorators';
import {
  AddCommentDto,
  CancelDto,
  CommentDto,
  CommentView,
  DecisionDto,
  HistoryCheckView,
  ListWorkflowsQuery,
  ReassignDto,
  StartWorkflowDto,
  TaskView,
  WorkflowEventView,
  WorkflowView,
} from './dto/workflow.dto';
import {
  BALL_IS_WITH_DEFINITION,
  SearchWorkflowsQuery,
  WorkflowSummaryView,
} from './dto/workflow-search.dto';
import { TasksService } from './tasks.service';
import { WorkflowSearchService } from './workflow-search.service';
import { WorkflowsService } from './workflows.service';
import { Metrics } from '@app/modules/operations/metrics';

@ApiTags('workflows')
@ApiBearerAuth()
@Controller()
export class WorkflowsController {
  constructor(
    private readonly workflows: WorkflowsService,
    private readonly tasks: TasksService,
    private readonly finder: WorkflowSearchService,
    private readonly metrics: Metrics,
  ) {}

  @Roles('coordinator', 'admin')
  @Post('projects/:projectId/workflows')
  @ApiOperation({ summary: 'Start the latest published version of a chain on a project' })
  @ApiCreatedResponse({ type: WorkflowView })
  start(
    @Param('projectId', ParseUUIDPipe) projectId: string,
    @Body() dto: StartWorkflowDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.workflows.start(projectId, dto, user);
  }

  @Get('projects/:projectId/workflows')
  @ApiOkResponse({ type: PageOf(WorkflowView) })
  @ApiOperation({ summary: 'List the workflows of a project' })
  listForProject(
    @Param('projectId', ParseUUIDPipe) projectId: string,
    @Query() query: ListWorkflowsQuery,
  ) {
    return this.workflows.listForProject(projectId, query);
  }

  @Get('workflows')
  @ApiOperation({
    summary: 'Find workflows: filtered, newest first or soonest deadline first',
    description:
      'Every workflow (everyone may read all) as a summary with its open steps, the assignees ' +
      'still pending on them, whether one is overdue, and which side the ball is with. ' +
      BALL_IS_WITH_DEFINITION,
  })
  @ApiOkResponse({ type: PageOf(WorkflowSummaryView) })
  @ApiProblems({
    400: 'Invalid filters: `errors` names every offending field',
    401: 'No valid bearer token',
  })
  search(@Query() query: SearchWorkflowsQuery, @CurrentUser() user: AuthUser) {
    return this.finder.search(query, user);
  }

  @Get('workflows/:id')
  @ApiOkResponse({ type: WorkflowView })
  @ApiOperation({ summary: 'Read a workflow with its steps' })
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.workflows.get(id);
  }

  @Post('workflows/:id/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary: "Cancel (the workflow's coordinator or an admin), with a required comment",
  })
  @ApiOkResponse({ type: WorkflowView })
  cancel(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CancelDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.workflows.cancel(id, dto.comment, user);
  }

  @Post('workflows/:id/steps/:stepKey/decisions')
  @ApiOperation({ summary: 'Approve, reject or request changes for an assignee you sign for' })
  @ApiCreatedResponse({ type: WorkflowView })
  async decide(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('stepKey') stepKey: string,
    @Body() dto: DecisionDto,
    @CurrentUser() user: AuthUser,
  ) {
    const view = await this.workflows.decide(id, stepKeyOf(stepKey), dto, user);
    this.metrics.decision(dto.decision);
    return view;
  }

  @Post('workflows/:id/steps/:stepKey/resubmit')
  @HttpCode(200)
  @ApiOperation({
    summary: "Answer a request for changes (the workflow's coordinator or an admin)",
  })
  @ApiOkResponse({ type: WorkflowView })
  resubmit(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('stepKey') stepKey: string,
    @Body() dto: CommentDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.workflows.resubmit(id, stepKeyOf(stepKey), dto.comment, user);
  }

  @Roles('admin')
  @Post('workflows/:id/steps/:stepKey/reassign')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Replace an undecided assignee of a pending or active step, for this workflow only',
    description:
      'Recorded as `assignee_reassigned` with the reason; the new and old assignees and the ' +
      'coordinator are notified.',
  })
  @ApiOkResponse({ type: WorkflowView })
  @ApiProblems({
    400: '`errors` names from, to (unknown code, already on the step) or reason',
    401: 'No valid bearer token',
    403: 'Admins only',
    404: 'No such workflow or step',
    409: '`from` already signed this round, or the step is no longer open',
  })
  reassign(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('stepKey') stepKey: string,
    @Body() dto: ReassignDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.workflows.reassign(id, stepKeyOf(stepKey), dto, user);
  }

  @Post('workflows/:id/comments')
  @ApiOperation({
    summary: 'Add a comment that decides nothing (a remark, a question, a note for the record)',
    description:
      'An event of the hash-chained history (`comment_added`). The coordinator and whoever can ' +
      'still sign the step (every open step without `stepKey`) are notified, except the author.',
  })
  @ApiCreatedResponse({ type: CommentView })
  @ApiProblems({
    400: '`errors` names body, stepKey or documentIds[i]',
    401: 'No valid bearer token',
    403: 'Not a participant of this workflow',
    404: 'No such workflow',
  })
  addComment(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AddCommentDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.workflows.comment(id, dto, user);
  }

  @Get('workflows/:id/comments')
  @ApiOperation({ summary: "The workflow's comments, oldest first" })
  @ApiOkResponse({ type: PageOf(CommentView) })
  @ApiProblems({
    400: 'The id is not a UUID',
    401: 'No valid bearer token',
    404: 'No such workflow',
  })
  comments(@Param('id', ParseUUIDPipe) id: string, @Query() query: PaginationQuery) {
    return this.workflows.comments(id, query);
  }

  @Get('workflows/:id/events')
  @ApiOperation({ summary: 'The hash-chained history, in seq order' })
  @ApiOkResponse({ type: PageOf(WorkflowEventView) })
  events(@Param('id', ParseUUIDPipe) id: string, @Query() query: PaginationQuery) {
    return this.workflows.events(id, query);
  }

  @Get('workflows/:id/events/verify')
  @ApiOperation({
    summary:
      'Re-compute the hash chain and check its signed head: was any event edited, removed or reordered?',
  })
  @ApiOkResponse({ type: HistoryCheckView })
  @ApiProblems({ 400: 'The id is not a UUID', 401: 'No valid token', 404: 'No such workflow' })
  verify(@Param('id', ParseUUIDPipe) id: string) {
    return this.workflows.verify(id);
  }

  @Get('tasks')
  @ApiOperation({ summary: 'Your inbox: steps waiting on your signature, oldest deadline first' })
  @ApiOkResponse({ type: PageOf(TaskView) })
  inbox(@CurrentUser() user: AuthUser, @Query() query: PaginationQuery) {
    return this.tasks.inbox(user, query);
  }
}

function stepKeyOf(value: string): string {
  // A malformed key cannot name a step: answer as for an unknown one.
  return isStepKey(value) ? value : '-';
}
