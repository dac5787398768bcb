import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import type { Bilingual, Country } from '@app/common/bilingual';
import { BilingualDto } from '@app/common/http/bilingual.dto';
import { IsTimeZone } from '@app/common/http/is-time-zone';
import { PaginationQuery } from '@app/common/http/pagination';
import { SIDE_LABELS, URGENCY_LABELS } from '@app/modules/technical-groups/group-work';
import type { AgendaItem } from '../entities/agenda-item.entity';
import {
  MEETING_KINDS,
  MEETING_STATUSES,
  type Meeting,
  type MeetingKind,
  type MeetingStatus,
} from '../entities/meeting.entity';

/** A wall-clock time without offset: the zone is given beside it. */
export const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;
export const MAX_AGENDA_ITEMS = 200;

export const MEETING_KIND_LABELS: Readonly<Record<MeetingKind, Bilingual>> = {
  regional: { en: 'Regional meeting', es: 'Reunión regional' },
  plenary: { en: 'Plenary meeting', es: 'Reunión plenaria' },
  extraordinary: { en: 'Extraordinary meeting', es: 'Reunión extraordinaria' },
};

export class ScheduleMeetingDto {
  @ApiProperty({ enum: MEETING_KINDS })
  @IsIn(MEETING_KINDS)
  kind: MeetingKind;

  @ApiPropertyOptional({
    type: BilingualDto,
    description: 'Defaults to the kind, e.g. "Regional meeting"',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => BilingualDto)
  title?: BilingualDto;

  @ApiProperty({
    example: '2026-07-16T09:00',
    description: 'Local wall-clock start in `timeZone`, without an offset',
    pattern: LOCAL_DATE_TIME.source,
  })
  @IsString()
  @Matches(LOCAL_DATE_TIME, {
    message: 'startsAt must be a local date and time such as 2026-07-16T09:00',
  })
  startsAt: string;

  @ApiProperty({ example: 'America/Hermosillo', description: 'IANA zone the start is stated in' })
  @IsString()
  @IsTimeZone()
  timeZone: string;

  @ApiPropertyOptional({ minimum: 15, maximum: 720, default: 90 })
  @IsOptional()
  @IsInt()
  @Min(15)
  @Max(720)
  durationMinutes?: number;

  @ApiPropertyOptional({
    example: 'Palacio de Gobierno, Hermosillo',
    description: 'Place, or link, or both',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  place?: string;

  @ApiPropertyOptional({ example: 'https://meet.example.gov/son-az' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true })
  link?: string;
}

/** What a co-chair may change of a scheduled meeting; members are told of the new time. */
export class RescheduleMeetingDto {
  @ApiPropertyOptional({ type: BilingualDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => BilingualDto)
  title?: BilingualDto;

  @ApiPropertyOptional({
    example: '2026-07-23T09:00',
    description: "New local start in `timeZone` (or in the meeting's zone when not given)",
    pattern: LOCAL_DATE_TIME.source,
  })
  @IsOptional()
  @IsString()
  @Matches(LOCAL_DATE_TIME, {
    message: 'startsAt must be a local date and time such as 2026-07-16T09:00',
  })
  startsAt?: string;

  @ApiPropertyOptional({ example: 'America/Phoenix' })
  @IsOptional()
  @IsString()
  @IsTimeZone()
  timeZone?: string;

  @ApiPropertyOptional({ minimum: 15, maximum: 720 })
  @IsOptional()
  @IsInt()
  @Min(15)
  @Max(720)
  durationMinutes?: number;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'null removes it (a link must remain)',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  place?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'null removes it (a place must remain)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true })
  link?: string | null;
}

export class CancelMeetingDto {
  @ApiPropertyOptional({ example: 'Postponed until the new traffic study is ready' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  note?: string;
}

export class AddAgendaItemDto {
  @ApiProperty({ type: BilingualDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => BilingualDto)
  title: BilingualDto;
}

export class ReorderAgendaDto {
  @ApiProperty({
    type: [String],
    description: 'Every item id of the agenda, once each, in the new order',
  })
  @IsArray()
  @ArrayMaxSize(MAX_AGENDA_ITEMS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  itemIds: string[];
}

export const MEETING_PERIODS = ['upcoming', 'past'] as const;
export type MeetingPeriod = (typeof MEETING_PERIODS)[number];

export class ListMeetingsQuery extends PaginationQuery {
  @ApiPropertyOptional({
    enum: MEETING_PERIODS,
    description:
      '`upcoming`: meetings not over yet (under way or ahead), soonest first; `past`: meetings already over, most recent first. Cancelled ones are included in both, by their date. Without it: every meeting, latest first.',
  })
  @IsOptional()
  @IsIn(MEETING_PERIODS)
  when?: MeetingPeriod;
}

class AgencyRef {
  @ApiProperty() code: string;
  @ApiProperty({ enum: ['MX', 'US'], nullable: true }) country: Country | null;
}

export class AgendaStepView {
  @ApiProperty({ format: 'uuid' }) workflowId: string;
  @ApiProperty() stepKey: string;
  @ApiProperty({ type: BilingualDto }) name: Bilingual;
  @ApiProperty() dueAt: string;
  @ApiProperty({ enum: ['overdue', 'due_soon'], description: 'When the agenda was generated' })
  urgency: 'overdue' | 'due_soon';
  @ApiProperty({ type: BilingualDto }) urgencyLabel: Bilingual;
  @ApiProperty() escalationLevel: number;
  @ApiProperty({ enum: ['MX', 'US', 'both'], nullable: true }) side: string | null;
  @ApiProperty({ type: BilingualDto, nullable: true }) sideLabel: Bilingual | null;
  @ApiProperty({ type: [AgencyRef], description: 'Agencies that hold the step' })
  agencies: AgencyRef[];
}

export class AgendaItemView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() position: number;
  @ApiProperty({ enum: ['generated', 'manual'] }) source: 'generated' | 'manual';
  @ApiProperty({ type: BilingualDto }) title: Bilingual;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) projectId: string | null;
  @ApiProperty({ type: [AgendaStepView] }) steps: AgendaStepView[];

  static of(item: AgendaItem): AgendaItemView {
    return {
      id: item.id,
      position: item.position,
      source: item.source,
      title: { en: item.titleEn, es: item.titleEs },
      projectId: item.projectId,
      steps: item.steps.map((s) => ({
        ...s,
        urgencyLabel: URGENCY_LABELS[s.urgency],
        sideLabel: s.side ? SIDE_LABELS[s.side] : null,
      })),
    };
  }
}

export class MeetingSummaryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) groupId: string;
  @ApiProperty({ enum: MEETING_KINDS }) kind: MeetingKind;
  @ApiProperty({ type: BilingualDto }) kindLabel: Bilingual;
  @ApiProperty({ type: BilingualDto }) title: Bilingual;
  @ApiProperty({ description: 'UTC' }) startsAt: string;
  @ApiProperty() timeZone: string;
  @ApiProperty({ example: '2026-07-16T09:00', description: 'The start as stated, in timeZone' })
  localStart: string;
  @ApiProperty() durationMinutes: number;
  @ApiProperty({ nullable: true, type: String }) place: string | null;
  @ApiProperty({ nullable: true, type: String }) link: string | null;
  @ApiProperty({ enum: MEETING_STATUSES }) status: MeetingStatus;
  @ApiProperty({ nullable: true, type: String }) cancellationNote: string | null;
  @ApiProperty() agendaGeneratedAt: string;
  @ApiProperty() createdAt: string;

  static of(meeting: Meeting, localStart: string): MeetingSummaryView {
    return {
      id: meeting.id,
      groupId: meeting.groupId,
      kind: meeting.kind,
      kindLabel: MEETING_KIND_LABELS[meeting.kind],
      title: { en: meeting.titleEn, es: meeting.titleEs },
      startsAt: meeting.startsAt.toISOString(),
      timeZone: meeting.timeZone,
      localStart,
      durationMinutes: meeting.durationMinutes,
      place: meeting.place,
      link: meeting.link,
      status: meeting.status,
      cancellationNote: meeting.cancellationNote,
      agendaGeneratedAt: meeting.agendaGeneratedAt.toISOString(),
      createdAt: meeting.createdAt.toISOString(),
    };
  }
}

export class MeetingView extends MeetingSummaryView {
  @ApiProperty({
    type: [AgendaItemView],
    description:
      'In order. Generated at scheduling (overdue steps, and steps due within 14 days of the meeting, one item per project); POST …/agenda/regenerate refreshes them and keeps manual items',
  })
  agenda: AgendaItemView[];
}
