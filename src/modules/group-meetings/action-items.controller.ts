import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthUser } from '@app/modules/identity/auth/auth-user';
import { CurrentUser } from '@app/modules/identity/auth/auth.decorators';
import { ActionItemsService } from './action-items.service';
import {
  ActionItemPage,
  ActionItemView,
  CreateActionItemDto,
  ListActionItemsQuery,
  UpdateActionItemDto,
} from './dto/action-item.dto';

@ApiTags('technical-groups')
@ApiBearerAuth()
@Controller('technical-groups/:groupId')
export class ActionItemsController {
  constructor(private readonly items: ActionItemsService) {}

  @Post('meetings/:meetingId/action-items')
  @ApiOperation({
    summary: 'Record an action item of a meeting: owner agency, due date or business days',
    description: 'Co-chairs of the group and admins (403 for members; 404 for outsiders).',
  })
  @ApiCreatedResponse({ type: ActionItemView })
  create(
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('meetingId', ParseUUIDPipe) meetingId: string,
    @Body() dto: CreateActionItemDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.items.create(groupId, meetingId, dto, user);
  }

  @Get('action-items')
  @ApiOperation({
    summary: "The group's action items, soonest due first",
    description:
      'Members, observers, co-chairs, coordinators of its projects and admins: all of them. An ' +
      "approver of an agency outside the group: only its agency's (`ownerAgencyOnly` says so), " +
      'none when it owns none yet. 404 for anyone else. Each item says whether the caller may ' +
      'change its status (`canUpdate`).',
  })
  @ApiOkResponse({ type: ActionItemPage })
  list(
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Query() query: ListActionItemsQuery,
    @CurrentUser() user: AuthUser,
  ) {
    return this.items.list(groupId, query, user);
  }

  @Get('action-items/:itemId')
  @ApiOperation({
    summary: 'One action item',
    description:
      'Members, observers, co-chairs, coordinators of its projects and admins; approvers of the ' +
      'owner agency, in the group or not; 404 for anyone else.',
  })
  @ApiOkResponse({ type: ActionItemView })
  get(
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
    @CurrentUser() user: AuthUser,
  ) {
    return this.items.get(groupId, itemId, user);
  }

  @Patch('action-items/:itemId')
  @ApiOperation({
    summary:
      'Change an action item; members and approvers of the owner agency may change its status only',
    description:
      'Co-chairs and admins: any field. Members of the owner agency in the group, and approvers ' +
      'of the owner agency (in the group or not): status. Others in the group: 403; outsiders: 404.',
  })
  @ApiOkResponse({ type: ActionItemView })
  update(
    @Param('groupId', ParseUUIDPipe) groupId: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
    @Body() dto: UpdateActionItemDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.items.update(groupId, itemId, dto, user);
  }
}
