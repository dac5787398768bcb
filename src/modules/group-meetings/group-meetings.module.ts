import { type DynamicModule, Module } from '@nestjs/common';
import { DeadlinesModule } from '@app/modules/deadlines/deadlines.module';
import { NotificationsModule } from '@app/modules/notifications/notifications.module';
import { TechnicalGroupsModule } from '@app/modules/technical-groups/technical-groups.module';
import { ActionItemDeadlines } from './action-item-deadlines';
import { ActionItemsController } from './action-items.controller';
import { ActionItemsService } from './action-items.service';
import { MeetingsController } from './meetings.controller';
import { MeetingsService } from './meetings.service';
import { MinutesService } from './minutes.service';

/**
 * A group's meetings, agendas, minutes and action items: apart from the groups themselves
 * because they send notifications, which the projects module (importing the groups) needs not.
 */
@Module({})
export class GroupMeetingsModule {
  static register(options: { worker: boolean }): DynamicModule {
    return {
      module: GroupMeetingsModule,
      imports: [
        TechnicalGroupsModule,
        NotificationsModule.register(options),
        DeadlinesModule.register(options),
      ],
      controllers: [MeetingsController, ActionItemsController],
      providers: [MeetingsService, MinutesService, ActionItemsService, ActionItemDeadlines],
      exports: [ActionItemsService, ActionItemDeadlines],
    };
  }
}
