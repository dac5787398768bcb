import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  assigneeId,
  assigneeOutcome,
  type ChainDefinition,
  type ResolvedAssignee,
  parseAssigneeId,
  type Seat,
  type StepDecision,
  withReassignments,
} from '@puentes/workflow-engine';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsObject,
  ValidateNested,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { BilingualDto } from '@app/common/http/bilingual.dto';
import { PaginationQuery } from '@app/common/http/pagination';
import { isUnstaffed, OPEN_STEP_STATUSES, type Staffing } from '../staffing';
import type { LoadedWorkflow } from '../workflow-store';

const DECISIONS = ['approve', 'reject', 'request_changes'] as const;
type Decision = (typeof DECISIONS)[number];

export class StartWorkflowDto {
  @ApiProperty({ example: 'border-crossing-authorization' })
  @IsString()
  @MaxLength(64)
  chainKey: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Defaults to the caller' })
  @IsOptional()
  @IsUUID()
  coordinatorId?: string;
}

/** The most documents one decision may cite. */
export const MAX_CITED_DOCUMENTS = 50;

export class DecisionDto {
  @ApiProperty({ enum: DECISIONS })
  @IsIn(DECISIONS)
  decision: Decision;

  @ApiPropertyOptional({ description: 'Required to reject or request changes' })
  @ValidateIf((dto: DecisionDto) => dto.decision !== 'approve' || dto.comment !== undefined)
  @IsString({ message: 'comment is required to reject or request changes' })
  @Matches(/\S/, { message: 'comment is required to reject or request changes' })
  @MaxLength(4000)
  comment?: string;

  @ApiPropertyOptional({
    description: 'Agency or technical-group code to sign for, when you could sign for several',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z0-9_-]{2,32}$/, { message: 'onBehalfOf must be an agency or group code' })
  onBehalfOf?: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: MAX_CITED_DOCUMENTS,
    description:
      "Documents of the workflow's project the decision is given on. The event records each " +
      "one's current version and SHA-256 (`documents` of `decision_recorded`), so the verified " +
      'history proves which file was signed on. Another project’s document: 400.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_CITED_DOCUMENTS)
  @IsUUID('all', { each: true, message: 'each of documentIds must be a UUID' })
  documentIds?: string[];
}

export class CommentDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  comment?: string;
}

export class CancelDto {
  @ApiProperty({ description: 'Why the workflow is cancelled: required', maxLength: 4000 })
  @IsString({ message: 'comment is required to cancel a workflow' })
  @Matches(/\S/, { message: 'comment is required to cancel a workflow' })
  @MaxLength(4000)
  comment: string;
}

const CODE = /^[A-Z0-9_-]{2,32}$/;

/** An agency or a technical group, by code: exactly one of the two. */
export class AssigneeRefDto {
  @ApiPropertyOptional({ description: 'Agency code', example: 'GSA' })
  @ValidateIf((ref: AssigneeRefDto) => ref.technicalGroup === undefined || ref.agency !== undefined)
  @IsString()
  @Matches(CODE, { message: 'agency must be an agency code' })
  agency?: string;

  @ApiPropertyOptional({ description: 'Technical group code', example: 'SON-AZ' })
  @ValidateIf((ref: AssigneeRefDto) => ref.agency === undefined || ref.technicalGroup !== undefined)
  @IsString()
  @Matches(CODE, { message: 'technicalGroup must be a technical group code' })
  technicalGroup?: string;
}

export class ReassignDto {
  @ApiProperty({ type: AssigneeRefDto, description: 'The assignee to replace (not yet decided)' })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => AssigneeRefDto)
  from: AssigneeRefDto;

  @ApiProperty({ type: AssigneeRefDto, description: 'The assignee that takes its place' })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => AssigneeRefDto)
  to: AssigneeRefDto;

  @ApiProperty({
    description: 'Why (a change of jurisdiction, an agency merged or renamed)',
    maxLength: 2000,
  })
  @IsString({ message: 'reason is required' })
  @Matches(/\S/, { message: 'reason is required' })
  @MaxLength(2000)
  reason: string;
}

export class AddCommentDto {
  @ApiProperty({ minLength: 1, maxLength: 4000 })
  @IsString({ message: 'body is required' })
  @Matches(/\S/, { message: 'body is required' })
  @MaxLength(4000)
  body: string;

  @ApiPropertyOptional({ description: 'The step it is about; absent for the whole workflow' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  stepKey?: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description:
      'Documents of the same project it cites (their current versions’ SHA-256 enter the history)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  documentIds?: string[];
}

export class CitedDocumentView {
  @ApiProperty({ format: 'uuid' }) documentId: string;
  @ApiProperty() version: number;
  @ApiProperty() sha256: string;
}

export class CommentView {
  @ApiProperty({ description: 'Its place in the hash-chained history' }) seq: number;
  @ApiProperty() at: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ nullable: true, type: String }) actorName: string | null;
  @ApiProperty({ nullable: true, type: String }) stepKey: string | null;
  @ApiProperty() body: string;
  @ApiProperty({ type: [CitedDocumentView] }) documents: CitedDocumentView[];
}

export class SignatureView {
  @ApiProperty({ enum: ['agency', 'mx', 'us'] }) seat: Seat;
  @ApiProperty({ enum: DECISIONS }) decision: Decision;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) decidedBy: string | null;
  @ApiProperty() decidedAt: string;
}

export class AssigneeView {
  @ApiPropertyOptional({ description: 'Agency code' }) agency?: string;
  @ApiPropertyOptional({ description: 'Technical group code' }) technicalGroup?: string;
  @ApiProperty({ enum: DECISIONS, nullable: true, type: String }) decision: Decision | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) decidedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) decidedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
  @ApiProperty({
    type: [SignatureView],
    description: "This round's signatures (a group has two seats)",
  })
  signatures: SignatureView[];
  @ApiPropertyOptional({
    description:
      "Set (true) when the chain names the project's own technical group (`{ projectGroup: true }`); `technicalGroup` is that group",
  })
  projectGroup?: boolean;
  @ApiPropertyOptional({
    description:
      'On every assignee of an open step (pending, active or changes requested): how many people can sign for it now — active approvers of the agency, active co-chairs of the group',
  })
  signers?: number;
  @ApiPropertyOptional({
    description:
      'On every assignee of an open step: true when nobody can sign for it (or for one of its co-chair seats) now',
  })
  unstaffed?: boolean;
}

export class StepView {
  @ApiProperty() key: string;
  @ApiProperty({ type: BilingualDto }) name: BilingualDto;
  @ApiProperty({
    enum: [
      'pending',
      'active',
      'approved',
      'rejected',
      'changes_requested',
      'skipped',
      'cancelled',
    ],
  })
  status: string;
  @ApiProperty({ description: '0 before the first activation, +1 on every activation' })
  round: number;
  @ApiProperty({ nullable: true, type: String }) activatedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) dueAt: string | null;
  @ApiProperty({ nullable: true, type: String }) finishedAt: string | null;
  @ApiProperty() escalationLevel: number;
  @ApiProperty({ type: [AssigneeView] }) assignees: AssigneeView[];
}

export class WorkflowView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty() chainKey: string;
  @ApiProperty() chainVersion: number;
  @ApiProperty({ enum: ['active', 'approved', 'rejected', 'cancelled'] }) status: string;
  @ApiProperty({ format: 'uuid' }) coordinatorId: string;
  @ApiProperty() startedAt: string;
  @ApiProperty({ nullable: true, type: String }) completedAt: string | null;
  @ApiProperty({ description: 'Bumped by every change' }) version: number;
  @ApiProperty({ type: [StepView] }) steps: StepView[];

  /**
   * The workflow as the API shows it; with `staffing` (see `staffingOf`), the assignees of its
   * open steps carry `signers` and `unstaffed`.
   */
  static of(
    { workflow, chain, definition: chainDefinition, steps, state }: LoadedWorkflow,
    staffing?: Staffing,
  ): WorkflowView {
    // The assignees as this workflow runs them, after any reassignment.
    const definition = withReassignments(chainDefinition, state);
    return {
      id: workflow.id,
      projectId: workflow.projectId,
      chainKey: workflow.chainKey,
      chainVersion: workflow.chainVersion,
      status: state.status,
      coordinatorId: workflow.coordinatorId,
      startedAt: state.startedAt,
      completedAt: state.completedAt,
      version: workflow.version,
      steps: state.steps.map((step, index) => {
        const def = definition.steps[index];
        return {
          key: step.key,
          name: def.name,
          status: step.status,
          round: step.round,
          activatedAt: step.activatedAt,
          dueAt: step.dueAt,
          finishedAt: step.finishedAt,
          escalationLevel: steps[index].escalationLevel,
          assignees: def.assignees.map((assignee, position) => {
            const view = assigneeView(assignee as ResolvedAssignee, step.decisions);
            const raw = (chain.definition as unknown as ChainDefinition).steps[index]?.assignees[
              position
            ];
            if (raw && 'projectGroup' in raw) view.projectGroup = true;
            const staffed = staffing?.get(assigneeId(assignee));
            if (staffed && OPEN_STEP_STATUSES.includes(step.status)) {
              view.signers = staffed.signers;
              view.unstaffed = isUnstaffed(staffed);
            }
            return view;
          }),
        };
      }),
    };
  }
}

const DECISION_OF_OUTCOME = {
  open: null,
  approved: 'approve',
  rejected: 'reject',
  changes_requested: 'request_changes',
} as const;

function assigneeView(assignee: ResolvedAssignee, decisions: StepDecision[]): AssigneeView {
  const id = assigneeId(assignee);
  const signatures = decisions
    .filter((d) => d.assignee === id)
    .map((d) => ({
      seat: d.seat,
      decision: d.decision,
      comment: d.comment,
      decidedBy: d.actorId,
      decidedAt: d.at,
    }));
  const decision = DECISION_OF_OUTCOME[assigneeOutcome(parseAssigneeId(id)!, decisions)];
  // The signature that settled the assignee's decision (for a group, the later of two).
  const settling = decision ? signatures.filter((s) => s.decision === decision).at(-1) : undefined;
  return {
    ...assignee,
    decision,
    decidedBy: settling?.decidedBy ?? null,
    decidedAt: settling?.decidedAt ?? null,
    comment: settling?.comment ?? null,
    signatures,
  };
}

/**
 * Who did an act of the history, as the users table names them now: a view for people reading
 * the record, not part of the hashed event (`actorId` is).
 */
export class EventActorView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Ana Ruiz' }) name: string;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'SICT',
    description: 'Their agency; null for someone of no agency (an administrator, a coordinator)',
  })
  agencyCode: string | null;
}

export class WorkflowEventView {
  @ApiProperty() seq: number;
  @ApiProperty() at: string;
  @ApiProperty({
    description:
      'workflow_started, step_activated, step_skipped, decision_recorded, step_approved, ' +
      'step_rejected, changes_requested, step_resubmitted, workflow_returned, reminder_sent, ' +
      'escalated, step_cancelled, workflow_approved, workflow_rejected, workflow_cancelled, ' +
      'document_attached',
  })
  type: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) actorId: string | null;
  @ApiProperty({
    type: EventActorView,
    nullable: true,
    description:
      'The person actorId names, with their current name and agency; null for an event of ' +
      'no person (a reminder, an escalation). Read from the users table, it is not part of ' +
      'the hashed event.',
  })
  actor: EventActorView | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'As the engine emitted it. decision_recorded: { stepKey, round, assignee, seat, ' +
      'decision, comment, documents? } where documents (present only when the decision cites ' +
      'some) = [{ documentId, version, sha256 }]. document_attached: { stepKey, documentId, ' +
      'version, sha256, title, kind }, the uploader being actorId.',
  })
  data: Record<string, unknown>;
  @ApiProperty({ description: 'sha256(previous hash ‖ canonical JSON of the event)' }) hash: string;
}

export class HistoryCheckView {
  @ApiProperty({
    description: 'True only when the chain is intact and the signature of its head holds',
  })
  valid: boolean;
  @ApiProperty({ description: 'Events read' }) checked: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      'The first event out of place; the last seq when the chain recomputes but its head ' +
      'signature does not hold (an edit with every later hash recomputed)',
  })
  firstBrokenSeq: number | null;
  @ApiProperty({
    enum: ['valid', 'invalid', 'missing'],
    description:
      "The service's Ed25519 signature of the head (GET /api/v1/audit/public-key): " +
      '`invalid` also when made by a key the service does not hold',
  })
  signature: 'valid' | 'invalid' | 'missing';
  @ApiProperty({
    enum: ['matches', 'differs', 'fails'],
    description:
      'The events replayed through the approval engine: they rebuild the stored state ' +
      '(`matches`), another state (`differs`), or an event cannot be applied (`fails`); ' +
      '`valid` needs `matches`',
  })
  replay: 'matches' | 'differs' | 'fails';
}

export class OnBehalfOfView {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() name: string;
}

export class TaskSignatureView {
  @ApiProperty() assignee: string;
  @ApiProperty({ enum: ['agency', 'mx', 'us'] }) seat: Seat;
}

export class TaskView {
  @ApiProperty({ format: 'uuid' }) workflowId: string;
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty() projectCode: string;
  @ApiProperty() stepKey: string;
  @ApiProperty({ type: BilingualDto }) stepName: BilingualDto;
  @ApiProperty({ description: 'Agency or technical-group code you sign for' }) assignee: string;
  @ApiProperty({ enum: ['agency', 'mx', 'us'] }) seat: Seat;
  @ApiProperty({
    type: [TaskSignatureView],
    description: 'Every assignee of the step you may sign for (rarely more than one)',
  })
  signsFor: TaskSignatureView[];
  @ApiProperty({ nullable: true, type: String }) dueAt: string | null;
  @ApiProperty() escalationLevel: number;
  @ApiProperty({
    type: OnBehalfOfView,
    nullable: true,
    description: 'Set when you would sign as a delegate (suplencia): the delegator',
  })
  onBehalfOf: OnBehalfOfView | null;
}

export class ListWorkflowsQuery extends PaginationQuery {
  @ApiPropertyOptional({ enum: ['active', 'approved', 'rejected', 'cancelled'] })
  @IsOptional()
  @IsIn(['active', 'approved', 'rejected', 'cancelled'])
  status?: string;
}
