import { type DynamicModule, Module } from '@nestjs/common';
import { DeadlinesModule } from '@app/modules/deadlines/deadlines.module';
import { NotificationsModule } from '@app/modules/notifications/notifications.module';
import { DelegationStarts } from './delegation-starts';
import { DelegationsController } from './delegations.controller';
import { DelegationsService } from './delegations.service';

/**
 * Delegations (suplencia): their routes, who signs in whose place now (`activeFor`), and the
 * start timers of delegations made ahead of their window (`DelegationStarts`).
 */
@Module({})
export class DelegationsModule {
  static register(options: { worker: boolean }): DynamicModule {
    return {
      module: DelegationsModule,
      imports: [NotificationsModule.register(options), DeadlinesModule.register(options)],
      controllers: [DelegationsController],
      providers: [DelegationsService, DelegationStarts],
      exports: [DelegationsService],
    };
  }
}
