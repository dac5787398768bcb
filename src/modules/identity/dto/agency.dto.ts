import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsISO8601,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import type { Country } from '@app/common/bilingual';
import { BilingualDto } from '@app/common/http/bilingual.dto';
import { IsTimeZone } from '@app/common/http/is-time-zone';
import { PaginationQuery } from '@app/common/http/pagination';
import type { Agency } from '../entities/agency.entity';

export const COUNTRIES: Country[] = ['MX', 'US'];

export class CreateAgencyDto {
  @ApiProperty({ example: 'SEMARNAT', pattern: '^[A-Z0-9_-]{2,32}$' })
  @IsString()
  @Matches(/^[A-Z0-9_-]{2,32}$/, { message: 'code must be 2–32 characters of A-Z 0-9 _ -' })
  code: string;

  @ApiProperty({ enum: COUNTRIES })
  @IsIn(COUNTRIES)
  country: Country;

  @ApiProperty({ type: BilingualDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => BilingualDto)
  name: BilingualDto;

  @ApiPropertyOptional({ example: 'ventanilla@semarnat.gob.mx' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({
    example: 'America/Mexico_City',
    description:
      'IANA zone of the seat; defaults to America/Mexico_City (MX) or America/New_York (US)',
  })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;
}

/** `code` and `country` are fixed once created: approval chains refer to agencies by code. */
export class UpdateAgencyDto {
  @ApiPropertyOptional({ type: BilingualDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => BilingualDto)
  name?: BilingualDto;

  @ApiPropertyOptional({ nullable: true, type: String })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;
}

export class NonWorkingDaysDto {
  @ApiProperty({
    type: [String],
    example: ['2026-12-12', '2026-12-24', '2026-12-31'],
    description: "The agency's own days off beyond the federal ones (replaces the list)",
  })
  @IsArray()
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, {
    each: true,
    message: 'each date must be a calendar date YYYY-MM-DD',
  })
  @IsISO8601({ strict: true }, { each: true, message: 'each date must be a real calendar date' })
  dates: string[];
}

export class ListAgenciesQuery extends PaginationQuery {
  @ApiPropertyOptional({ enum: COUNTRIES })
  @IsOptional()
  @IsIn(COUNTRIES)
  country?: Country;

  @ApiPropertyOptional({ description: 'Text in the code or either name' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class AgencyView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty({ enum: COUNTRIES }) country: Country;
  @ApiProperty({ type: BilingualDto }) name: BilingualDto;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty() timeZone: string;
  @ApiProperty({ type: [String], description: 'Extra days off (ISO dates)' })
  nonWorkingDays: string[];
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static of(agency: Agency): AgencyView {
    return {
      id: agency.id,
      code: agency.code,
      country: agency.country,
      name: { en: agency.nameEn, es: agency.nameEs },
      email: agency.email,
      timeZone: agency.timeZone,
      nonWorkingDays: agency.nonWorkingDays,
      createdAt: agency.createdAt.toISOString(),
      updatedAt: agency.updatedAt.toISOString(),
    };
  }
}
