import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PageOf, PaginationQuery } from '@app/common/http/pagination';
import type { AuthUser } from '@app/modules/identity/auth/auth-user';
import { CurrentUser, Roles } from '@app/modules/identity/auth/auth.decorators';
import {
  FailedDeliveryView,
  ListNotificationsQuery,
  NotificationView,
} from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: 'Your notifications, newest first' })
  @ApiOkResponse({ type: PageOf(NotificationView) })
  list(@CurrentUser() user: AuthUser, @Query() query: ListNotificationsQuery) {
    return this.notifications.list(user, query);
  }

  @Roles('admin')
  @Get('failed-deliveries')
  @ApiOperation({ summary: 'Emails that could not be delivered, with the reason (admins)' })
  @ApiOkResponse({ type: PageOf(FailedDeliveryView) })
  failed(@Query() query: PaginationQuery) {
    return this.notifications.failedDeliveries(query);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one of your notifications read' })
  @ApiOkResponse({ type: NotificationView })
  read(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.notifications.markRead(user, id);
  }
}
