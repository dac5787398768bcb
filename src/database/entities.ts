import { IdempotencyKey } from '@app/common/idempotency/idempotency-key.entity';
import { AuditCheckpointLeaf } from '@app/modules/audit/entities/audit-checkpoint-leaf.entity';
import { AuditCheckpoint } from '@app/modules/audit/entities/audit-checkpoint.entity';
import { ApprovalChain } from '@app/modules/approvals/entities/approval-chain.entity';
import { DeadlineTimer } from '@app/modules/deadlines/entities/deadline-timer.entity';
import { StepDecisionRecord } from '@app/modules/approvals/entities/step-decision.entity';
import { WorkflowEventRecord } from '@app/modules/approvals/entities/workflow-event.entity';
import { WorkflowStep } from '@app/modules/approvals/entities/workflow-step.entity';
import { Workflow } from '@app/modules/approvals/entities/workflow.entity';
import { Agency } from '@app/modules/identity/entities/agency.entity';
import { Notification } from '@app/modules/notifications/entities/notification.entity';
import { Session, SessionRotatedToken } from '@app/modules/identity/entities/session.entity';
import { User } from '@app/modules/identity/entities/user.entity';
import { Project } from '@app/modules/projects/entities/project.entity';
import { ActionItem } from '@app/modules/group-meetings/entities/action-item.entity';
import { AgendaItem } from '@app/modules/group-meetings/entities/agenda-item.entity';
import { GroupEvent } from '@app/modules/technical-groups/entities/group-event.entity';
import { GroupMember } from '@app/modules/technical-groups/entities/group-member.entity';
import { MeetingMinutes } from '@app/modules/group-meetings/entities/meeting-minutes.entity';
import { Meeting } from '@app/modules/group-meetings/entities/meeting.entity';
import { TechnicalGroup } from '@app/modules/technical-groups/entities/technical-group.entity';

/** Every entity of the service, in one list shared by the app, the CLI and the migration check. */
import { Delegation } from '@app/modules/delegations/entities/delegation.entity';
import { Document } from '@app/modules/documents/entities/document.entity';
import { DocumentVersion } from '@app/modules/documents/entities/document-version.entity';
export const ENTITIES = [
  Agency,
  User,
  Session,
  SessionRotatedToken,
  TechnicalGroup,
  GroupMember,
  GroupEvent,
  Meeting,
  AgendaItem,
  ActionItem,
  MeetingMinutes,
  Project,
  ApprovalChain,
  Workflow,
  WorkflowStep,
  StepDecisionRecord,
  WorkflowEventRecord,
  AuditCheckpoint,
  AuditCheckpointLeaf,
  DeadlineTimer,
  Notification,
  IdempotencyKey,
  Document,
  DocumentVersion,
  Delegation,
];
