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
import { actionItemScope } from './action-item-access';
import type { AuthUser } from '@app/modules/identity/auth/auth-user';
import { CurrentUser, Roles } from '@app/modules/identity/auth/auth.decorators';
import { DashboardQuery, DashboardView } from './dto/dashboard.dto';
import {
  AddMemberDto,
  ChangeMemberRoleDto,
  GroupEventView,
  ListGroupEventsQuery,
  RosterView,
} from './dto/group-members.dto';
import {
  CreateTechnicalGroupDto,
  ListTechnicalGroupsQuery,
  TechnicalGroupDetailView,
  TechnicalGroupView,
  UpdateTechnicalGroupDto,
} from './dto/technical-group.dto';
import { canEditAgenda, canManage, canRead, GroupAccess } from './group-access';
import { GroupDashboardService } from './group-dashboard.service';
import { GroupMembersService } from './group-members.service';
import { TechnicalGroupsService } from './technical-groups.service';

@ApiTags('technical-groups')
@ApiBearerAuth()
@Controller('technical-groups')
export class TechnicalGroupsController {
  constructor(
    private readonly groups: TechnicalGroupsService,
    private readonly members: GroupMembersService,
    private readonly dashboards: GroupDashboardService,
    private readonly access: GroupAccess,
  ) {}

  @Roles('admin')
  @Post()
  @ApiCreatedResponse({ type: TechnicalGroupView })
  @ApiOperation({ summary: 'Create a technical group (admin)' })
  create(@Body() dto: CreateTechnicalGroupDto, @CurrentUser() user: AuthUser) {
    return this.groups.create(dto, user);
  }

  @Get()
  @ApiOkResponse({ type: PageOf(TechnicalGroupView) })
  @ApiOperation({ summary: 'List technical groups' })
  list(@Query() query: ListTechnicalGroupsQuery) {
    return this.groups.list(query);
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'A group with its roster (people and agencies, role labels en/es) and what the caller may do in it',
  })
  @ApiOkResponse({ type: TechnicalGroupDetailView })
  async get(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<TechnicalGroupDetailView> {
    const group = await this.groups.get(id);
    const standing = await this.access.standing(id, user);
    // The action items' own rule (a pure function of the standing), not a copy of it.
    const scope = actionItemScope(standing, user);
    return {
      ...group,
      roster: await this.members.roster(id),
      access: {
        role: standing.role,
        manage: canManage(standing),
        readMeetings: canRead(standing),
        editAgenda: canEditAgenda(standing, user),
        actionItems: scope === 'all' ? 'all' : scope ? 'own_agency' : 'none',
      },
    };
  }

  @Roles('admin')
  @Patch(':id')
  @ApiOkResponse({ type: TechnicalGroupView })
  @ApiOperation({ summary: 'Change a technical group (admin)' })
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateTechnicalGroupDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.groups.update(id, dto, user);
  }

  @Post(':id/members')
  @ApiOperation({ summary: 'Add a member or observer (a co-chair of the group, or an admin)' })
  @ApiCreatedResponse({ type: RosterView })
  addMember(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AddMemberDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.members.add(id, dto, user);
  }

  @Patch(':id/members/:userId')
  @ApiOperation({ summary: "Change a member's role (a co-chair of the group, or an admin)" })
  @ApiOkResponse({ type: RosterView })
  changeMemberRole(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('userId', ParseUUIDPipe) userId: string,
    @Body() dto: ChangeMemberRoleDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.members.changeRole(id, userId, dto, user);
  }

  @Delete(':id/members/:userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a member or observer (a co-chair of the group, or an admin)' })
  @ApiNoContentResponse()
  async removeMember(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('userId', ParseUUIDPipe) userId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    await this.members.remove(id, userId, user);
  }

  @Get(':id/events')
  @ApiOperation({
    summary: "The group's history: co-chair changes, roster, meetings, minutes, action items",
    description:
      "Everyone reads the events of the group's co-chairs and roster; those of its meetings, " +
      'minutes and action items only whoever reads its meetings (members, observers, ' +
      'co-chairs, admins, coordinators of its projects).',
  })
  @ApiOkResponse({ type: PageOf(GroupEventView) })
  events(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ListGroupEventsQuery,
    @CurrentUser() user: AuthUser,
  ) {
    return this.members.events(id, query, user);
  }

  @Get(':id/dashboard')
  @ApiOperation({
    summary: "What each side owes: the group's projects, open steps, who holds them, and counts",
  })
  @ApiOkResponse({ type: DashboardView })
  dashboard(@Param('id', ParseUUIDPipe) id: string, @Query() query: DashboardQuery) {
    return this.dashboards.dashboard(id, query);
  }
}
