import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ESCALATION_TARGETS,
  type EscalationTarget,
  type StepDefinition,
} from '@puentes/workflow-engine';
import { BilingualDto } from '@app/common/http/bilingual.dto';

/*
 * The OpenAPI description of a chain step, so that a client generated from /docs-json types
 * every field (`StepDefinition` of the workflow engine is the source of truth). These classes
 * only document: the steps are checked by the engine's `validateChain`, which reports each
 * problem with its path (`steps[2].sla.duration`) and refuses unknown fields.
 */

const attributeValue = { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] };

export class ChainStepConditionSchema {
  @ApiProperty({ description: 'The project attribute the step depends on' })
  attribute: string;
  @ApiPropertyOptional({ ...attributeValue, description: 'Runs when the attribute equals this' })
  equals?: string | number | boolean;
  @ApiPropertyOptional({ ...attributeValue, description: 'Runs unless the attribute equals this' })
  notEquals?: string | number | boolean;
  @ApiPropertyOptional({
    type: 'array',
    items: attributeValue,
    description: 'Runs when one of these',
  })
  in?: (string | number | boolean)[];
}

export class ChainStepEscalationSchema {
  @ApiProperty({
    example: 'P2D',
    description: 'ISO 8601 duration after dueAt, ≥ 0',
  })
  after: string;
  @ApiProperty({ type: 'array', items: { type: 'string', enum: [...ESCALATION_TARGETS] } })
  notify: EscalationTarget[];
}

export class ChainStepReminderSchema {
  @ApiProperty({ example: 'P3D', description: 'ISO 8601 duration before dueAt, ≥ 0' })
  before: string;
}

export class ChainStepSchema implements StepDefinition {
  @ApiProperty({ example: 'cbp-review', description: 'Unique in the chain' })
  key: string;

  @ApiProperty({ type: BilingualDto })
  name: BilingualDto;

  @ApiProperty({
    type: 'array',
    minItems: 1,
    description:
      'One decision per assignee: an agency (any of its approvers) or a technical group (both co-chairs)',
    items: {
      oneOf: [
        {
          type: 'object',
          required: ['agency'],
          properties: { agency: { type: 'string', example: 'CBP' } },
          additionalProperties: false,
        },
        {
          type: 'object',
          required: ['technicalGroup'],
          properties: { technicalGroup: { type: 'string', example: 'SON-AZ' } },
          additionalProperties: false,
        },
      ],
    },
  })
  assignees: ({ agency: string } | { technicalGroup: string })[];

  @ApiPropertyOptional({
    description: '`all` (default), `any`, or `{ quorum: n }` approvals of the assignees',
    oneOf: [
      { type: 'string', enum: ['all', 'any'] },
      {
        type: 'object',
        required: ['quorum'],
        properties: { quorum: { type: 'integer', minimum: 1 } },
        additionalProperties: false,
      },
    ],
  })
  rule?: 'all' | 'any' | { quorum: number };

  @ApiPropertyOptional({ type: [String], description: 'Keys of steps approved (or skipped) first' })
  dependsOn?: string[];

  @ApiPropertyOptional({ type: ChainStepConditionSchema })
  condition?: ChainStepConditionSchema;

  @ApiPropertyOptional({
    description: 'Working days of a calendar, or plain elapsed time from activation',
    oneOf: [
      {
        type: 'object',
        required: ['businessDays', 'calendar'],
        properties: {
          businessDays: { type: 'integer', minimum: 1 },
          calendar: { type: 'string', enum: ['MX', 'US', 'binational'] },
        },
        additionalProperties: false,
      },
      {
        type: 'object',
        required: ['duration'],
        properties: { duration: { type: 'string', example: 'PT30S' } },
        additionalProperties: false,
      },
    ],
  })
  sla?: { businessDays: number; calendar: string } | { duration: string };

  @ApiPropertyOptional({ type: [ChainStepReminderSchema] })
  reminders?: ChainStepReminderSchema[];

  @ApiPropertyOptional({ type: [ChainStepEscalationSchema] })
  escalations?: ChainStepEscalationSchema[];

  @ApiPropertyOptional({
    description: '`end` (default) or `{ returnTo: stepKey }`',
    oneOf: [
      { type: 'string', enum: ['end'] },
      {
        type: 'object',
        required: ['returnTo'],
        properties: { returnTo: { type: 'string' } },
        additionalProperties: false,
      },
    ],
  })
  onReject?: 'end' | { returnTo: string };
}
