import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type Seat, STEP_KEY_PATTERN } from '@puentes/workflow-engine';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { Country } from '@app/common/bilingual';
import { BilingualDto } from '@app/common/http/bilingual.dto';
import { PaginationQuery } from '@app/common/http/pagination';

const STATUSES = ['active', 'approved', 'rejected', 'cancelled'] as const;
const SIDES = ['MX', 'US', 'both'] as const;
const SORTS = ['-startedAt', 'dueAt'] as const;
const COUNTRIES = ['MX', 'US'] as const;
const SEATS = ['agency', 'mx', 'us'] as const;
const CODE = /^[A-Z0-9_-]{2,32}$/;
const UUID_OR_ME = /^(me|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type Side = (typeof SIDES)[number];
export type WorkflowSort = (typeof SORTS)[number];

/** What "the ball is with" means, said once for the OpenAPI description and the code. */
export const BALL_IS_WITH_DEFINITION =
  'The side that must act next: the countries of the assignees still pending on the ' +
  "workflow's open (active) steps. An agency assignee counts in its agency's country; a " +
  'technical-group assignee counts once per co-chair seat not yet signed in this round — the ' +
  'MX seat on the Mexican side, the US seat on the U.S. side, whoever sits in it. `both` when ' +
  'pending assignees are on both sides, null when nothing is pending (a finished workflow). ' +
  "The same rule as the technical groups' dashboard.";

export class SearchWorkflowsQuery extends PaginationQuery {
  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: (typeof STATUSES)[number];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @Matches(UUID, { message: 'projectId must be a UUID' })
  projectId?: string;

  @ApiPropertyOptional({ example: 'border-crossing-authorization' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(STEP_KEY_PATTERN, {
    message: 'chainKey must be lower-case words of letters and digits joined by dashes',
  })
  chainKey?: string;

  @ApiPropertyOptional({ example: 'SON-AZ', description: "The project's technical group" })
  @IsOptional()
  @IsString()
  @Matches(CODE, { message: 'technicalGroupCode must be 2–32 characters of A-Z 0-9 _ -' })
  technicalGroupCode?: string;

  @ApiPropertyOptional({ description: 'A user id, or `me` for the caller', example: 'me' })
  @IsOptional()
  @IsString()
  @Matches(UUID_OR_ME, { message: 'coordinatorId must be a UUID or "me"' })
  coordinatorId?: string;

  @ApiPropertyOptional({
    example: 'CBP',
    description:
      'An agency code that holds an open step: it is a pending assignee of an active step, or ' +
      'its user sits in a pending co-chair seat of an assignee group',
  })
  @IsOptional()
  @IsString()
  @Matches(CODE, { message: 'agency must be an agency code: 2–32 characters of A-Z 0-9 _ -' })
  agency?: string;

  @ApiPropertyOptional({ enum: SIDES, description: BALL_IS_WITH_DEFINITION })
  @IsOptional()
  @IsIn(SIDES)
  ballIsWith?: Side;

  @ApiPropertyOptional({
    type: Boolean,
    description: '`true`: an open step is past its deadline; `false`: none is',
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({
    type: Boolean,
    description:
      '`true`: an active workflow with a step in `changes_requested`, waiting for its ' +
      "coordinator's resubmission; `false`: none is",
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'changesRequested must be true or false' })
  changesRequested?: boolean;

  @ApiPropertyOptional({
    description: "Text in the project's code or either name, matched literally",
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({
    enum: SORTS,
    default: '-startedAt',
    description:
      '`-startedAt`: newest first; `dueAt`: soonest open deadline first (workflows with none last, newest first)',
  })
  @IsOptional()
  @IsIn(SORTS)
  sort: WorkflowSort = '-startedAt';
}

export class PendingAssigneeView {
  @ApiPropertyOptional({ description: 'Agency code' }) agency?: string;
  @ApiPropertyOptional({ description: 'Technical group code' }) technicalGroup?: string;
  @ApiProperty({
    enum: SEATS,
    isArray: true,
    description: '`agency` for an agency; the co-chair seats not yet signed for a group',
  })
  seats: Seat[];
  @ApiProperty({
    enum: COUNTRIES,
    isArray: true,
    description:
      'The sides this assignee holds the step for (agency country; for a group the countries of its unsigned, occupied seats)',
  })
  countries: Country[];
}

export class WorkflowOpenStepView {
  @ApiProperty() key: string;
  @ApiProperty({ type: BilingualDto }) name: BilingualDto;
  @ApiProperty({ nullable: true, type: String }) dueAt: string | null;
  @ApiProperty() escalationLevel: number;
  @ApiProperty({ type: [PendingAssigneeView] }) pendingAssignees: PendingAssigneeView[];
}

export class ChangesRequesterView {
  @ApiPropertyOptional({ description: 'Agency code' }) agency?: string;
  @ApiPropertyOptional({ description: 'Technical group code' }) technicalGroup?: string;
  @ApiProperty({ enum: SEATS, description: '`agency`, or the co-chair seat that asked' })
  seat: Seat;
}

export class WorkflowChangesRequestedView {
  @ApiProperty() key: string;
  @ApiProperty({ type: BilingualDto }) name: BilingualDto;
  @ApiProperty({
    format: 'date-time',
    description: 'When the round ended on a request for changes (ISO 8601, UTC)',
  })
  requestedAt: string;
  @ApiProperty({
    type: ChangesRequesterView,
    description: 'Who asked for the changes: the assignee, and its seat for a group',
  })
  requestedBy: ChangesRequesterView;
}

export class WorkflowSummaryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty() projectCode: string;
  @ApiProperty({ type: BilingualDto }) projectName: BilingualDto;
  @ApiProperty() chainKey: string;
  @ApiProperty() chainVersion: number;
  @ApiProperty({ enum: STATUSES }) status: string;
  @ApiProperty({ format: 'uuid' }) coordinatorId: string;
  @ApiProperty() startedAt: string;
  @ApiProperty({ nullable: true, type: String }) completedAt: string | null;
  @ApiProperty({
    type: [WorkflowOpenStepView],
    description: 'Active steps, soonest deadline first',
  })
  openSteps: WorkflowOpenStepView[];
  @ApiProperty({
    type: [WorkflowChangesRequestedView],
    description:
      "Steps sent back for changes, waiting for the coordinator's resubmission, in chain order; " +
      'empty when none is',
  })
  changesRequested: WorkflowChangesRequestedView[];
  @ApiProperty({ description: 'An open step is past its deadline' }) overdue: boolean;
  @ApiProperty({
    enum: SIDES,
    nullable: true,
    type: String,
    description: BALL_IS_WITH_DEFINITION,
  })
  ballIsWith: Side | null;
}
