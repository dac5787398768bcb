import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import type { Country } from '@app/common/bilingual';
import { BilingualDto } from '@app/common/http/bilingual.dto';
import { PaginationQuery } from '@app/common/http/pagination';
import type { Agency } from '@app/modules/identity/entities/agency.entity';
import type { User } from '@app/modules/identity/entities/user.entity';
import { GROUP_ROLES, type GroupRole } from '../entities/group-member.entity';
import type { TechnicalGroup } from '../entities/technical-group.entity';
import { MX_STATES, US_STATES } from '../subdivisions';
import { RosterView } from './group-members.dto';

export const GROUP_CODE = /^[A-Z0-9_-]{2,32}$/;
export const MAX_MEMBER_AGENCIES = 100;
const COUNTRIES: Country[] = ['MX', 'US'];
const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class CoChairsDto {
  @ApiProperty({ format: 'uuid', description: 'A user of a Mexican agency' })
  @IsUUID()
  mx: string;

  @ApiProperty({ format: 'uuid', description: 'A user of a U.S. agency' })
  @IsUUID()
  us: string;
}

/** Either co-chair, or both, may be replaced. */
export class UpdateCoChairsDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'A user of a Mexican agency' })
  @IsOptional()
  @IsUUID()
  mx?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A user of a U.S. agency' })
  @IsOptional()
  @IsUUID()
  us?: string;
}

export class CreateTechnicalGroupDto {
  @ApiProperty({ example: 'SON-AZ', pattern: GROUP_CODE.source })
  @IsString()
  @Matches(GROUP_CODE, { message: 'code must be 2–32 characters of A-Z 0-9 _ -' })
  code: string;

  @ApiProperty({ type: BilingualDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => BilingualDto)
  name: BilingualDto;

  @ApiProperty({
    enum: MX_STATES,
    isArray: true,
    example: ['SON'],
    description: 'ISO 3166-2 codes of Mexican states, without the MX- prefix',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MX_STATES.length)
  @ArrayUnique()
  @IsString({ each: true })
  mxStates: string[];

  @ApiProperty({
    enum: US_STATES,
    isArray: true,
    example: ['AZ'],
    description: 'ISO 3166-2 codes of U.S. states (and DC), without the US- prefix',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(US_STATES.length)
  @ArrayUnique()
  @IsString({ each: true })
  usStates: string[];

  @ApiProperty({ type: CoChairsDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => CoChairsDto)
  coChairs: CoChairsDto;

  @ApiPropertyOptional({
    type: [String],
    example: ['SICT', 'CBP'],
    description: "Codes of member agencies; the co-chairs' agencies are members in any case",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_MEMBER_AGENCIES)
  @ArrayUnique()
  @IsString({ each: true })
  memberAgencyCodes?: string[];
}

/** `code` is fixed once created: approval chains refer to groups by code. */
export class UpdateTechnicalGroupDto {
  @ApiPropertyOptional({ type: BilingualDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => BilingualDto)
  name?: BilingualDto;

  @ApiPropertyOptional({ enum: MX_STATES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MX_STATES.length)
  @ArrayUnique()
  @IsString({ each: true })
  mxStates?: string[];

  @ApiPropertyOptional({ enum: US_STATES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(US_STATES.length)
  @ArrayUnique()
  @IsString({ each: true })
  usStates?: string[];

  @ApiPropertyOptional({ type: UpdateCoChairsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => UpdateCoChairsDto)
  coChairs?: UpdateCoChairsDto;

  @ApiPropertyOptional({
    type: [String],
    description: "Replaces the member list; the co-chairs' agencies stay members in any case",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_MEMBER_AGENCIES)
  @ArrayUnique()
  @IsString({ each: true })
  memberAgencyCodes?: string[];
}

export class ListTechnicalGroupsQuery extends PaginationQuery {
  @ApiPropertyOptional({ description: 'Text in the code or either name, matched literally' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class CoChairView {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String, description: "Code of the co-chair's agency" })
  agencyCode: string | null;

  static of(user: User): CoChairView {
    return { userId: user.id, name: user.name, agencyCode: user.agency?.code ?? null };
  }
}

export class CoChairsView {
  @ApiProperty({ type: CoChairView }) mx: CoChairView;
  @ApiProperty({ type: CoChairView }) us: CoChairView;
}

export class MemberAgencyView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty({ enum: COUNTRIES }) country: Country;
  @ApiProperty({ type: BilingualDto }) name: BilingualDto;
  @ApiProperty({
    description:
      "The agency's IANA zone: an action item it owns is due at 18:00 there, and no earlier " +
      "than the meeting's date on its clocks",
    example: 'America/Hermosillo',
  })
  timeZone: string;

  static of(agency: Agency): MemberAgencyView {
    return {
      id: agency.id,
      code: agency.code,
      country: agency.country,
      name: { en: agency.nameEn, es: agency.nameEs },
      timeZone: agency.timeZone,
    };
  }
}

/** Needs the group's `coChairMx.agency`, `coChairUs.agency` and `memberAgencies` loaded. */
export class TechnicalGroupView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty({ type: BilingualDto }) name: BilingualDto;
  @ApiProperty({ enum: MX_STATES, isArray: true }) mxStates: string[];
  @ApiProperty({ enum: US_STATES, isArray: true }) usStates: string[];
  @ApiProperty({ type: CoChairsView }) coChairs: CoChairsView;
  @ApiProperty({
    type: [MemberAgencyView],
    description: "Member agencies, the co-chairs' agencies included, by country then code",
  })
  memberAgencies: MemberAgencyView[];
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static of(group: TechnicalGroup): TechnicalGroupView {
    const members = new Map<string, Agency>();
    for (const agency of [
      group.coChairMx?.agency,
      group.coChairUs?.agency,
      ...(group.memberAgencies ?? []),
    ]) {
      if (agency) members.set(agency.id, agency);
    }
    return {
      id: group.id,
      code: group.code,
      name: { en: group.nameEn, es: group.nameEs },
      mxStates: group.mxStates,
      usStates: group.usStates,
      coChairs: { mx: CoChairView.of(group.coChairMx!), us: CoChairView.of(group.coChairUs!) },
      memberAgencies: [...members.values()]
        .sort((a, b) => byCode(a.country, b.country) || byCode(a.code, b.code))
        .map(MemberAgencyView.of),
      createdAt: group.createdAt.toISOString(),
      updatedAt: group.updatedAt.toISOString(),
    };
  }
}

export const ACTION_ITEM_REACH = ['all', 'own_agency', 'none'] as const;
export type ActionItemReach = (typeof ACTION_ITEM_REACH)[number];

/**
 * What the caller may do in the group, by the same rules the group's routes apply, so that a
 * client offers only what will work: the group's meetings, say, are not offered to someone
 * they would answer 404.
 */
export class GroupCallerAccessView {
  @ApiProperty({
    enum: GROUP_ROLES,
    nullable: true,
    type: String,
    description: "The caller's place on the group's roster; null when they are not on it",
  })
  role: GroupRole | null;

  @ApiProperty({
    description:
      'Co-chairs of the group and admins: change the roster, schedule meetings, write minutes, assign action items',
  })
  manage: boolean;

  @ApiProperty({
    description:
      "Reads the group's meetings and minutes: those on its roster, admins, and coordinators of its projects (others get 404)",
  })
  readMeetings: boolean;

  @ApiProperty({
    description:
      "Shapes the agendas of the group's meetings: co-chairs, admins, and coordinators on the roster",
  })
  editAgenda: boolean;

  @ApiProperty({
    enum: ACTION_ITEM_REACH,
    description:
      "Which of the group's action items the caller reads: `all`; `own_agency`, those assigned to their agency (an approver outside the group); `none` (404)",
  })
  actionItems: ActionItemReach;
}

/** `GET /technical-groups/:id`: the group with its roster, and what the caller may do in it. */
export class TechnicalGroupDetailView extends TechnicalGroupView {
  @ApiProperty({ type: RosterView }) roster: RosterView;
  @ApiProperty({ type: GroupCallerAccessView }) access: GroupCallerAccessView;
}
