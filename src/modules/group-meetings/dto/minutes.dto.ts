import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import type { Bilingual, Country } from '@app/common/bilingual';
import { BilingualDto } from '@app/common/http/bilingual.dto';
import { ActionItemView } from './action-item.dto';

export class SaveMinutesDto {
  @ApiProperty({ type: [BilingualDto], description: 'The decisions, in order, in both languages' })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => BilingualDto)
  decisions: BilingualDto[];

  @ApiProperty({
    type: [String],
    example: ['SICT', 'CBP'],
    description: 'Codes of the agencies present; each must be an agency of the group',
  })
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  presentAgencyCodes: string[];

  @ApiPropertyOptional({
    description: 'Required once a version is published: what the new version corrects',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  correctionNote?: string;
}

export class PresentAgencyView {
  @ApiProperty() code: string;
  @ApiProperty({ type: BilingualDto }) name: Bilingual;
}

export class AttendanceView {
  @ApiProperty({ type: [PresentAgencyView] }) MX: PresentAgencyView[];
  @ApiProperty({ type: [PresentAgencyView] }) US: PresentAgencyView[];
}

export class MinutesView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) meetingId: string;
  @ApiProperty() version: number;
  @ApiProperty({ enum: ['draft', 'published'] }) status: 'draft' | 'published';
  @ApiProperty({ type: [BilingualDto] }) decisions: Bilingual[];
  @ApiProperty({ type: AttendanceView, description: 'Agencies present, per country' })
  attendance: Record<Country, PresentAgencyView[]>;
  @ApiProperty({ nullable: true, type: String }) correctionNote: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) publishedAt: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) publishedBy: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The name of who published it, as their account names them now',
  })
  publishedByName: string | null;
}

export class MinutesOverview {
  @ApiProperty({ type: MinutesView, nullable: true, description: 'The latest published version' })
  current: MinutesView | null;
  @ApiProperty({
    type: MinutesView,
    nullable: true,
    description: 'The version being drafted (co-chairs and admins only; null for others)',
  })
  draft: MinutesView | null;
  @ApiProperty({ type: [MinutesView], description: 'Every published version, newest first' })
  history: MinutesView[];
  @ApiProperty({ type: [ActionItemView], description: "The meeting's action items" })
  actionItems: ActionItemView[];
}
