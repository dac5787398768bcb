import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsDefined,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  STEP_KEY_MAX_LENGTH,
  STEP_KEY_PATTERN,
  type StepDefinition,
} from '@puentes/workflow-engine';
import type { Bilingual } from '@app/common/bilingual';
import { BilingualDto } from '@app/common/http/bilingual.dto';
import { PaginationQuery } from '@app/common/http/pagination';
import type { ApprovalChain, ChainStatus } from '../entities/approval-chain.entity';
import { CHAIN_STEPS_PROPERTY } from './chain-step.schema';

const STEP_EXAMPLE = {
  key: 'cbp-review',
  name: { en: 'CBP operational review', es: 'Revisión operativa de CBP' },
  assignees: [{ agency: 'CBP' }, { agency: 'GSA' }, { technicalGroup: 'SON-AZ' }],
  rule: 'all',
  dependsOn: ['sre-intake'],
  condition: { attribute: 'involvesRail', equals: true },
  sla: { businessDays: 10, calendar: 'US' },
  reminders: [{ before: 'P3D' }, { before: 'P1D' }],
  escalations: [
    { after: 'PT0S', notify: ['coordinator'] },
    { after: 'P2D', notify: ['admin'] },
  ],
  onReject: 'end',
};

/**
 * A chain's name as the body carries it: two texts. That they are not empty is checked with
 * the steps (`ApprovalChainsService`), so one answer names every problem of the chain.
 */
class ChainNameDto implements Bilingual {
  @IsString()
  @MaxLength(300)
  en: string;

  @IsString()
  @MaxLength(300)
  es: string;
}

/**
 * Here, the body's shape: a `key` (text), a `name` (two texts), `steps` (a list). What they
 * hold — the key's form, names not empty, and the steps, by the workflow engine's
 * `validateChain` (every problem with its path, `steps[2].sla.duration`, unknown fields inside
 * a step refused) — is checked by the service, all at once, so that one answer names every
 * problem of the chain rather than the key's first and the steps' on the next try.
 */
export class ChainBodyDto {
  @ApiProperty({
    example: 'border-crossing-authorization',
    pattern: STEP_KEY_PATTERN.source,
    maxLength: STEP_KEY_MAX_LENGTH,
  })
  @IsString()
  @MaxLength(STEP_KEY_MAX_LENGTH)
  key: string;

  @ApiProperty({ type: BilingualDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => ChainNameDto)
  name: Bilingual;

  @ApiProperty({ ...CHAIN_STEPS_PROPERTY, example: [STEP_EXAMPLE] })
  @IsArray()
  steps: unknown[]; // checked by validateChain, which names every problem
}

export class ListChainsQuery extends PaginationQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  key?: string;

  @ApiPropertyOptional({ enum: ['draft', 'published'] })
  @IsOptional()
  @IsIn(['draft', 'published'])
  status?: ChainStatus;
}

/** An assignee nobody can sign for today, found when the chain was published. */
export class ChainWarningView {
  @ApiProperty({ example: 'cbp-review' }) stepKey: string;
  @ApiProperty({
    description: 'The assignee as the chain names it',
    example: { agency: 'CBP' },
    type: 'object',
    additionalProperties: true,
  })
  assignee: Record<string, unknown>;
  @ApiProperty({ enum: ['ASSIGNEE_UNSTAFFED'] }) code: 'ASSIGNEE_UNSTAFFED';
  @ApiProperty({ type: BilingualDto }) message: BilingualDto;
}

export class ApprovalChainView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() key: string;
  @ApiProperty() version: number;
  @ApiProperty({ enum: ['draft', 'published'] }) status: ChainStatus;
  @ApiProperty({ type: BilingualDto }) name: BilingualDto;
  @ApiProperty(CHAIN_STEPS_PROPERTY)
  steps: StepDefinition[];
  @ApiProperty({ nullable: true, type: String }) publishedAt: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  @ApiPropertyOptional({
    type: [ChainWarningView],
    description:
      'Only in the answer to publish: every assignee nobody can sign for today (an agency with no active approver, a group without both co-chairs); publishing goes ahead',
  })
  warnings?: ChainWarningView[];

  static of(chain: ApprovalChain): ApprovalChainView {
    return {
      id: chain.id,
      key: chain.key,
      version: chain.version,
      status: chain.status,
      name: { en: chain.nameEn, es: chain.nameEs },
      // Stored only after validateChain accepted them.
      steps: chain.definition.steps as StepDefinition[],
      publishedAt: chain.publishedAt?.toISOString() ?? null,
      createdAt: chain.createdAt.toISOString(),
      updatedAt: chain.updatedAt.toISOString(),
    };
  }
}
