import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CALENDAR_IDS, type CalendarId } from '@puentes/business-calendar';
import type { Bilingual, Country } from '@app/common/bilingual';
import { BilingualDto } from '@app/common/http/bilingual.dto';
import { PageOf, PaginationQuery } from '@app/common/http/pagination';
import {
  ACTION_ITEM_STATUSES,
  type ActionItem,
  type ActionItemStatus,
} from '../entities/action-item.entity';
import type { Meeting } from '../entities/meeting.entity';

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class BusinessDaysDto {
  @ApiProperty({ minimum: 1, maximum: 250, example: 10 })
  @IsInt()
  @Min(1)
  @Max(250)
  businessDays: number;

  @ApiProperty({ enum: CALENDAR_IDS })
  @IsIn(CALENDAR_IDS)
  calendar: CalendarId;
}

/** Exactly one of `dueDate` and `dueIn` (checked by the service, which names both). */
class DueFields {
  @ApiPropertyOptional({
    example: '2026-08-14',
    description:
      "A plain date: due at 18:00 that day in the owner agency's zone. Give this or dueIn.",
  })
  @IsOptional()
  @IsString()
  @Matches(ISO_DATE, { message: 'dueDate must be a date such as 2026-08-14' })
  dueDate?: string;

  @ApiPropertyOptional({
    type: BusinessDaysDto,
    description:
      "n business days after the meeting's local date, on that calendar (and the owner agency's own days off): 18:00 in the owner agency's zone. Give this or dueDate.",
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => BusinessDaysDto)
  dueIn?: BusinessDaysDto;
}

export class CreateActionItemDto extends DueFields {
  @ApiProperty({
    type: BilingualDto,
    description: 'Both languages: each side reads its tasks in its own',
  })
  @IsDefined()
  @ValidateNested()
  @Type(() => BilingualDto)
  title: BilingualDto;

  @ApiProperty({ example: 'SICT', description: 'An agency of the group (listed, or of a member)' })
  @IsString()
  @MaxLength(32)
  ownerAgencyCode: string;
}

export class UpdateActionItemDto extends DueFields {
  @ApiPropertyOptional({ type: BilingualDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => BilingualDto)
  title?: BilingualDto;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(32)
  ownerAgencyCode?: string;

  @ApiPropertyOptional({
    enum: ACTION_ITEM_STATUSES,
    description: "The only field the owner agency's members may change",
  })
  @IsOptional()
  @IsIn(ACTION_ITEM_STATUSES)
  status?: ActionItemStatus;
}

export class ListActionItemsQuery extends PaginationQuery {
  @ApiPropertyOptional({ enum: ACTION_ITEM_STATUSES })
  @IsOptional()
  @IsIn(ACTION_ITEM_STATUSES)
  status?: ActionItemStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(32)
  ownerAgencyCode?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  meetingId?: string;
}

class OwnerView {
  @ApiProperty() code: string;
  @ApiProperty({ enum: ['MX', 'US'] }) country: Country;
  @ApiProperty({ type: BilingualDto }) name: Bilingual;
  @ApiProperty() timeZone: string;
}

export class ActionItemView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) groupId: string;
  @ApiProperty({ format: 'uuid' }) meetingId: string;
  @ApiProperty({ type: BilingualDto }) title: Bilingual;
  @ApiProperty({ type: OwnerView }) ownerAgency: OwnerView;
  @ApiProperty({ example: '2026-08-14', description: "Local date in the owner's zone" })
  dueDate: string;
  @ApiProperty({ type: BusinessDaysDto, nullable: true }) dueIn: BusinessDaysDto | null;
  @ApiProperty({ description: "18:00 on dueDate in the owner's zone, in UTC" }) dueAt: string;
  @ApiProperty({ enum: ACTION_ITEM_STATUSES }) status: ActionItemStatus;
  @ApiProperty({ nullable: true, type: String }) closedAt: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty({
    description:
      'Whether the caller may change its status: co-chairs and admins (who may change the rest ' +
      "too), the owner agency's members in the group and its approvers. The web app shows its " +
      'status control by this, so it offers nobody what the server would refuse.',
  })
  canUpdate: boolean;

  /** Needs `ownerAgency` loaded; `canUpdate` from `actionItemRight` (action-item-access). */
  static of(item: ActionItem, canUpdate: boolean): ActionItemView {
    const owner = item.ownerAgency!;
    return {
      id: item.id,
      groupId: item.groupId,
      meetingId: item.meetingId,
      title: { en: item.titleEn, es: item.titleEs },
      ownerAgency: {
        code: owner.code,
        country: owner.country,
        name: { en: owner.nameEn, es: owner.nameEs },
        timeZone: owner.timeZone,
      },
      dueDate: item.dueDate,
      dueIn: item.dueRule,
      dueAt: item.dueAt.toISOString(),
      status: item.status,
      closedAt: item.closedAt?.toISOString() ?? null,
      createdAt: item.createdAt.toISOString(),
      updatedAt: item.updatedAt.toISOString(),
      canUpdate,
    };
  }
}

/** A meeting an item of the page comes from, named so a link to it can say which it is. */
export class ActionItemMeetingView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: BilingualDto }) title: Bilingual;
  @ApiProperty({ description: 'When it starts, in UTC' }) startsAt: string;
  @ApiProperty({ description: "The meeting's IANA zone", example: 'America/Hermosillo' })
  timeZone: string;

  static of(meeting: Meeting): ActionItemMeetingView {
    return {
      id: meeting.id,
      title: { en: meeting.titleEn, es: meeting.titleEs },
      startsAt: meeting.startsAt.toISOString(),
      timeZone: meeting.timeZone,
    };
  }
}

/** `GET …/action-items`: a page of items, and whether it is only the caller's agency's. */
export class ActionItemPage extends PageOf(ActionItemView) {
  @ApiProperty({
    type: [ActionItemMeetingView],
    description:
      "The meetings this page's items come from (by `meetingId`), to name them in a link; " +
      "empty when `ownerAgencyOnly` is set (the group's meetings stay private to it)",
  })
  meetings: ActionItemMeetingView[];

  @ApiProperty({
    nullable: true,
    type: String,
    example: 'CBP',
    description:
      "The caller's agency code when the caller, an approver of an agency outside the group, " +
      "sees only the items their agency owns (the group's other business stays hidden); null " +
      "when they see all the group's items",
  })
  ownerAgencyOnly: string | null;
}
