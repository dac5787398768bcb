import { type DynamicModule, Module } from '@nestjs/common';
import { NotificationsModule } from '@app/modules/notifications/notifications.module';
import { DelegationsController } from './delegations.controller';
import { DelegationsService } from './delegations.service';

/** Delegations (suplencia): their routes, and who signs in whose place now (`activeFor`). */
@Module({})
export class DelegationsModule {
  static register(options: { worker: boolean }): DynamicModule {
    return {
      module: DelegationsModule,
      imports: [NotificationsModule.register(options)],
      controllers: [DelegationsController],
      providers: [DelegationsService],
      exports: [DelegationsService],
    };
  }
}
