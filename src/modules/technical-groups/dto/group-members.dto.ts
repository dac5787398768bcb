import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import type { Bilingual, Country } from '@app/common/bilingual';
import { BilingualDto } from '@app/common/http/bilingual.dto';
import { PaginationQuery } from '@app/common/http/pagination';
import {
  GROUP_EVENT_TYPES,
  type GroupEvent,
  type GroupEventType,
} from '../entities/group-event.entity';
import { GROUP_ROLES, type GroupRole, type MemberRole } from '../entities/group-member.entity';

const MEMBER_ROLES: MemberRole[] = ['member', 'observer'];
const COUNTRIES: Country[] = ['MX', 'US'];

export const ROLE_LABELS: Readonly<Record<GroupRole, Bilingual>> = {
  co_chair: { en: 'Co-chair', es: 'Copresidencia' },
  member: { en: 'Member', es: 'Integrante' },
  observer: { en: 'Observer', es: 'Observador' },
};

export class AddMemberDto {
  @ApiProperty({ format: 'uuid', description: 'An active user with an agency' })
  @IsUUID()
  userId: string;

  @ApiProperty({
    enum: MEMBER_ROLES,
    description: 'Co-chairs are appointed through PATCH /technical-groups/:id (coChairs)',
  })
  @IsIn(MEMBER_ROLES)
  role: MemberRole;
}

export class ChangeMemberRoleDto {
  @ApiProperty({ enum: MEMBER_ROLES })
  @IsIn(MEMBER_ROLES)
  role: MemberRole;
}

export class RosterPersonView {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) agencyCode: string | null;
  @ApiProperty({ enum: COUNTRIES, nullable: true }) country: Country | null;
  @ApiProperty({ enum: GROUP_ROLES }) role: GroupRole;
  @ApiProperty({ type: BilingualDto, description: 'The role, in both languages' })
  roleLabel: Bilingual;
  @ApiPropertyOptional({ enum: ['mx', 'us'], description: "A co-chair's seat" })
  seat?: 'mx' | 'us';
}

export class RosterAgencyView {
  @ApiProperty() code: string;
  @ApiProperty({ enum: COUNTRIES }) country: Country;
  @ApiProperty({ type: BilingualDto }) name: Bilingual;
  @ApiProperty({
    enum: GROUP_ROLES,
    description:
      'co_chair: a co-chair belongs to it; member: listed, or has a member; observer: only observers',
  })
  role: GroupRole;
  @ApiProperty({ type: BilingualDto }) roleLabel: Bilingual;
}

export class RosterView {
  @ApiProperty({ type: [RosterPersonView], description: 'Co-chairs first (MX, US), then by name' })
  people: RosterPersonView[];
  @ApiProperty({ type: [RosterAgencyView], description: 'By country, then code' })
  agencies: RosterAgencyView[];
}

export class ListGroupEventsQuery extends PaginationQuery {}

export class GroupEventView {
  @ApiProperty() id: string;
  @ApiProperty() at: string;
  @ApiProperty({ enum: GROUP_EVENT_TYPES }) type: GroupEventType;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) data: Record<string, unknown>;

  static of(event: GroupEvent): GroupEventView {
    return {
      id: String(event.id),
      at: event.at.toISOString(),
      type: event.type,
      actorId: event.actorId,
      data: event.data,
    };
  }
}
