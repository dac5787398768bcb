import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import type { FieldError } from '@app/common/errors/domain-error';
import { BilingualDto } from '@app/common/http/bilingual.dto';
import { PaginationQuery } from '@app/common/http/pagination';
import {
  PROJECT_STATUSES,
  PROJECT_TYPES,
  type Project,
  type ProjectAttributes,
  type ProjectStatus,
  type ProjectType,
} from '../entities/project.entity';

const CODE = /^[A-Z0-9_-]{2,32}$/;
const CODE_MESSAGE = (field: string) => `${field} must be 2–32 characters of A-Z 0-9 _ -`;

export const MAX_ATTRIBUTES = 50;
export const MAX_ATTRIBUTE_TEXT = 1000;
const ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/**
 * Keeps `attributes` as sent: class-transformer, copying the object, would silently drop keys
 * that name an `Object.prototype` method (`toString`, `valueOf`…).
 */
const AsSent = () => Transform(({ obj, key }) => (obj as Record<string, unknown>)[key]);

const ATTRIBUTES_SCHEMA: ApiPropertyOptions = {
  type: 'object',
  additionalProperties: {
    oneOf: [
      { type: 'string', maxLength: MAX_ATTRIBUTE_TEXT },
      { type: 'number' },
      { type: 'boolean' },
    ],
  },
  maxProperties: MAX_ATTRIBUTES,
  example: { involvesRail: true, lanes: 8, river: 'Rio Grande' },
  description:
    `Flat facts about the project that chain conditions read: at most ${MAX_ATTRIBUTES} keys of ` +
    '1–64 letters, digits or _ starting with a letter, each a string, a number or a boolean',
};

/**
 * The problems of a project's `attributes`, one per offending key, named by path
 * (`attributes.lanes`). class-validator cannot name the keys of a free-form object, so the
 * service runs this after the DTO's own validation.
 */
export function attributeProblems(attributes: Record<string, unknown>): FieldError[] {
  const problems: FieldError[] = [];
  const entries = Object.entries(attributes);
  if (entries.length > MAX_ATTRIBUTES) {
    problems.push({ field: 'attributes', message: `at most ${MAX_ATTRIBUTES} attributes` });
  }
  for (const [key, value] of entries) {
    const field = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)
      ? `attributes.${key}`
      : `attributes[${JSON.stringify(key)}]`;
    if (!ATTRIBUTE_NAME.test(key)) {
      problems.push({
        field,
        message: 'an attribute name is 1–64 letters, digits or _, starting with a letter',
      });
    } else if (typeof value === 'string') {
      if (value.length > MAX_ATTRIBUTE_TEXT) {
        problems.push({ field, message: `at most ${MAX_ATTRIBUTE_TEXT} characters` });
      }
    } else if (typeof value !== 'boolean' && !(typeof value === 'number' && isFinite(value))) {
      problems.push({
        field,
        message: 'must be a string, a number or a boolean (attributes are flat)',
      });
    }
  }
  return problems;
}

export class CreateProjectDto {
  @ApiProperty({ example: 'OTAY-MESA-EAST', pattern: CODE.source })
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE('code') })
  code: string;

  @ApiProperty({ type: BilingualDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => BilingualDto)
  name: BilingualDto;

  @ApiProperty({ enum: PROJECT_TYPES })
  @IsIn(PROJECT_TYPES)
  type: ProjectType;

  @ApiPropertyOptional({ enum: PROJECT_STATUSES, default: 'active' })
  @IsOptional()
  @IsIn(PROJECT_STATUSES)
  status?: ProjectStatus;

  @ApiPropertyOptional({ example: 'BC-CA', description: 'Code of the owning technical group' })
  @IsOptional()
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE('technicalGroupCode') })
  technicalGroupCode?: string;

  @ApiPropertyOptional(ATTRIBUTES_SCHEMA)
  @AsSent()
  @ValidateIf((_, value) => value !== undefined)
  @IsObject()
  attributes?: ProjectAttributes;
}

/** `code` is fixed once created. */
export class UpdateProjectDto {
  @ApiPropertyOptional({ type: BilingualDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => BilingualDto)
  name?: BilingualDto;

  @ApiPropertyOptional({ enum: PROJECT_TYPES })
  @IsOptional()
  @IsIn(PROJECT_TYPES)
  type?: ProjectType;

  @ApiPropertyOptional({ enum: PROJECT_STATUSES })
  @IsOptional()
  @IsIn(PROJECT_STATUSES)
  status?: ProjectStatus;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Code of the owning technical group; null detaches the project from its group',
  })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE('technicalGroupCode') })
  technicalGroupCode?: string | null;

  @ApiPropertyOptional({ ...ATTRIBUTES_SCHEMA, description: 'Replaces every attribute' })
  @AsSent()
  @ValidateIf((_, value) => value !== undefined)
  @IsObject()
  attributes?: ProjectAttributes;
}

export class ListProjectsQuery extends PaginationQuery {
  @ApiPropertyOptional({ enum: PROJECT_STATUSES })
  @IsOptional()
  @IsIn(PROJECT_STATUSES)
  status?: ProjectStatus;

  @ApiPropertyOptional({ enum: PROJECT_TYPES })
  @IsOptional()
  @IsIn(PROJECT_TYPES)
  type?: ProjectType;

  @ApiPropertyOptional({ example: 'SON-AZ' })
  @IsOptional()
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE('technicalGroupCode') })
  technicalGroupCode?: string;

  @ApiPropertyOptional({ description: 'Text in the code or either name, matched literally' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

/** Needs the project's `technicalGroup` loaded when it has one. */
export class ProjectView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty({ type: BilingualDto }) name: BilingualDto;
  @ApiProperty({ enum: PROJECT_TYPES }) type: ProjectType;
  @ApiProperty({ enum: PROJECT_STATUSES }) status: ProjectStatus;
  @ApiProperty({ nullable: true, type: String }) technicalGroupCode: string | null;
  @ApiProperty(ATTRIBUTES_SCHEMA) attributes: ProjectAttributes;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The creating user' })
  createdBy: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static of(project: Project): ProjectView {
    return {
      id: project.id,
      code: project.code,
      name: { en: project.nameEn, es: project.nameEs },
      type: project.type,
      status: project.status,
      technicalGroupCode: project.technicalGroup?.code ?? null,
      attributes: project.attributes,
      createdBy: project.createdBy,
      createdAt: project.createdAt.toISOString(),
      updatedAt: project.updatedAt.toISOString(),
    };
  }
}
