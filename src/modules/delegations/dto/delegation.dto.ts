import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { PaginationQuery } from '@app/common/http/pagination';

export const DELEGATION_STATUSES = ['scheduled', 'active', 'expired', 'revoked'] as const;
export type DelegationStatus = (typeof DELEGATION_STATUSES)[number];

/** Longest a delegation may last. */
export const MAX_DELEGATION_DAYS = 180;

export class CreateDelegationDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Defaults to the caller; only an admin may name another delegator',
  })
  @IsOptional()
  @IsUUID()
  delegatorId?: string;

  @ApiProperty({ format: 'uuid', description: 'Who signs in the delegator’s place' })
  @IsUUID()
  delegateId: string;

  @ApiProperty({ example: '2026-12-01T15:00:00.000Z', description: 'Inclusive (ISO 8601)' })
  @IsISO8601({ strict: true }, { message: 'startsAt must be an ISO 8601 instant' })
  startsAt: string;

  @ApiProperty({
    example: '2026-12-15T15:00:00.000Z',
    description: `Exclusive (ISO 8601); after startsAt, in the future, at most ${MAX_DELEGATION_DAYS} days after startsAt`,
  })
  @IsISO8601({ strict: true }, { message: 'endsAt must be an ISO 8601 instant' })
  endsAt: string;

  @ApiProperty({
    minLength: 1,
    maxLength: 500,
    description: 'The article of the internal regulation, or the official letter',
    example: 'Art. 45 del Reglamento Interior de la SRE',
  })
  @IsString()
  @IsNotEmpty({ message: 'legalBasis is required' })
  @Matches(/\S/, { message: 'legalBasis is required' })
  @MaxLength(500)
  legalBasis: string;

  @ApiPropertyOptional({ maxLength: 500, description: 'Free text: an oficio number' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reference?: string;
}

export class ListDelegationsQuery extends PaginationQuery {
  @ApiPropertyOptional({
    description: 'Only those where the caller is delegator or delegate (always so for non-admins)',
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'mine must be true or false' })
  mine?: boolean;

  @ApiPropertyOptional({ enum: DELEGATION_STATUSES })
  @IsOptional()
  @IsIn(DELEGATION_STATUSES)
  status?: DelegationStatus;
}

export class DelegationPersonView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class DelegationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) delegatorId: string;
  @ApiProperty({ format: 'uuid' }) delegateId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) agencyId: string | null;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty() legalBasis: string;
  @ApiProperty({ nullable: true, type: String }) reference: string | null;
  @ApiProperty({ format: 'uuid' }) createdBy: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) revokedAt: string | null;
  @ApiProperty({
    enum: DELEGATION_STATUSES,
    description: 'From the clock, at the time of the answer',
  })
  status: DelegationStatus;
  @ApiProperty({ type: DelegationPersonView }) delegator: DelegationPersonView;
  @ApiProperty({ type: DelegationPersonView }) delegate: DelegationPersonView;
}

export class CandidatesQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Defaults to the caller; admins only' })
  @IsOptional()
  @IsUUID()
  delegatorId?: string;
}

export class DelegateCandidate {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() agencyCode: string;
}

export class DelegateCandidateList {
  @ApiProperty({ type: [DelegateCandidate] }) items: DelegateCandidate[];
}
