import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { PageOf } from '@app/common/http/pagination';
import type { AuthUser } from '@app/modules/identity/auth/auth-user';
import { CurrentUser } from '@app/modules/identity/auth/auth.decorators';
import {
  AddAgendaItemDto,
  CancelMeetingDto,
  ListMeetingsQuery,
  MeetingSummaryView,
  MeetingView,
  ReorderAgendaDto,
  RescheduleMeetingDto,
  ScheduleMeetingDto,
} from './dto/meeting.dto';
import { MinutesOverview, MinutesView, SaveMinutesDto } from './dto/minutes.dto';
import { MeetingsService } from './meetings.service';
import { MinutesService } from './minutes.service';

const MEMBERS_ONLY =
  'Members, observers, co-chairs, admins, and coordinators of a project of the group; 404 for anyone else.';
const MANAGERS_ONLY = 'Co-chairs of the group and admins (403 for members; 404 for outsiders).';
const AGENDA_EDITORS =
  'Co-chairs of the group, admins, and coordinators in the group (403 for other members; 404 for outsiders). 409 for a cancelled meeting, and once the meeting has begun (`MEETING.AGENDA_FROZEN`): the agenda stays as members received it.';

@ApiTags('technical-groups')
@ApiBearerAuth()
@Controller('technical-groups/:groupId/meetings')
export class MeetingsController {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly minutes: MinutesService,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Schedule a meeting: generates its agenda and invites every member (email + .ics)',
    description: MANAGERS_ONLY,
  })
  @ApiCreatedResponse({ type: MeetingView })
  schedule(
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Body() dto: ScheduleMeetingDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.meetings.schedule(groupId, dto, user);
  }

  @Get()
  @ApiOperation({
    summary: "The group's meetings, latest first; or those not over yet, or those over",
    description: `${MEMBERS_ONLY} \`when=upcoming\`: not over yet, soonest first; \`when=past\`: over, most recent first.`,
  })
  @ApiOkResponse({ type: PageOf(MeetingSummaryView) })
  list(
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Query() query: ListMeetingsQuery,
    @CurrentUser() user: AuthUser,
  ) {
    return this.meetings.list(groupId, query, user);
  }

  @Get(':meetingId')
  @ApiOperation({ summary: 'A meeting with its agenda', description: MEMBERS_ONLY })
  @ApiOkResponse({ type: MeetingView })
  get(
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('meetingId', ParseUUIDPipe) meetingId: string,
    @CurrentUser() user: AuthUser,
  ) {
    return this.meetings.get(groupId, meetingId, user);
  }

  @Patch(':meetingId')
  @ApiOperation({
    summary: 'Move a meeting or change its title, length, place or link; members get the update',
    description: `${MANAGERS_ONLY} 409 for a cancelled meeting, one already held, or one whose minutes are published. Action items due in working days after the meeting move with it. A body that changes nothing (empty, or the values the meeting has) answers the meeting as it is and notifies nobody.`,
  })
  @ApiOkResponse({ type: MeetingView })
  reschedule(
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('meetingId', ParseUUIDPipe) meetingId: string,
    @Body() dto: RescheduleMeetingDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.meetings.reschedule(groupId, meetingId, dto, user);
  }

  @Post(':meetingId/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Call a meeting off; members are told and their calendars drop it',
    description: `${MANAGERS_ONLY} 409 for a meeting already cancelled, already held, or whose minutes are published.`,
  })
  @ApiOkResponse({ type: MeetingView })
  cancel(
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('meetingId', ParseUUIDPipe) meetingId: string,
    @Body() dto: CancelMeetingDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.meetings.cancel(groupId, meetingId, dto, user);
  }

  @Post(':meetingId/agenda/regenerate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Refresh the generated agenda items; manual items and their places are kept',
    description: AGENDA_EDITORS,
  })
  @ApiOkResponse({ type: MeetingView })
  regenerate(
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('meetingId', ParseUUIDPipe) meetingId: string,
    @CurrentUser() user: AuthUser,
  ) {
    return this.meetings.regenerate(groupId, meetingId, user);
  }

  @Post(':meetingId/agenda/items')
  @ApiOperation({ summary: 'Add an item at the end of the agenda', description: AGENDA_EDITORS })
  @ApiCreatedResponse({ type: MeetingView })
  addItem(
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('meetingId', ParseUUIDPipe) meetingId: string,
    @Body() dto: AddAgendaItemDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.meetings.addItem(groupId, meetingId, dto, user);
  }

  @Put(':meetingId/agenda/order')
  @ApiOperation({ summary: 'Reorder the agenda: every item id once', description: AGENDA_EDITORS })
  @ApiOkResponse({ type: MeetingView })
  reorder(
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('meetingId', ParseUUIDPipe) meetingId: string,
    @Body() dto: ReorderAgendaDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.meetings.reorder(groupId, meetingId, dto, user);
  }

  @Delete(':meetingId/agenda/items/:itemId')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove an agenda item (a generated one comes back on regeneration if still due)',
    description: AGENDA_EDITORS,
  })
  @ApiNoContentResponse()
  async removeItem(
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('meetingId', ParseUUIDPipe) meetingId: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    await this.meetings.removeItem(groupId, meetingId, itemId, user);
  }

  @Get(':meetingId/minutes')
  @ApiOperation({
    summary: 'The minutes: current published version, history, draft (co-chairs), action items',
    description: MEMBERS_ONLY,
  })
  @ApiOkResponse({ type: MinutesOverview })
  getMinutes(
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('meetingId', ParseUUIDPipe) meetingId: string,
    @CurrentUser() user: AuthUser,
  ) {
    return this.minutes.overview(groupId, meetingId, user);
  }

  @Put(':meetingId/minutes')
  @ApiOperation({
    summary: 'Write the draft minutes; after publication, a new version (with correctionNote)',
    description: MANAGERS_ONLY,
  })
  @ApiOkResponse({ type: MinutesView })
  saveMinutes(
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('meetingId', ParseUUIDPipe) meetingId: string,
    @Body() dto: SaveMinutesDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.minutes.save(groupId, meetingId, dto, user);
  }

  @Post(':meetingId/minutes/publish')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Publish the draft: frozen from now on, and every member is notified',
    description: `${MANAGERS_ONLY} 409 before the meeting has begun, or without a draft.`,
  })
  @ApiOkResponse({ type: MinutesView })
  publishMinutes(
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('meetingId', ParseUUIDPipe) meetingId: string,
    @CurrentUser() user: AuthUser,
  ) {
    return this.minutes.publish(groupId, meetingId, user);
  }
}
