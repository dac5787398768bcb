import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { queueErrorReporter } from '@app/queue/queue-errors';
import { EmailProcessor } from './jobs/email.processor';
import { EMAIL_JOB_OPTIONS, EMAIL_QUEUE } from './jobs/email.jobs';
import { EmailSweeper } from './jobs/email.sweeper';
import { Mailer } from './mailer';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

/**
 * One module object per role: Nest tells dynamic modules apart by reference, and a second
 * instance imported by another feature module would mount the controller and the email
 * worker twice.
 */
const registered = new Map<boolean, DynamicModule>();

/** In-app notifications and their emails; workers send, every role creates and lists. */
@Module({})
export class NotificationsModule {
  static register(options: { worker: boolean }): DynamicModule {
    const existing = registered.get(options.worker);
    if (existing) return existing;
    const queue = BullModule.registerQueue({
      name: EMAIL_QUEUE,
      defaultJobOptions: EMAIL_JOB_OPTIONS,
    });
    const module: DynamicModule = {
      module: NotificationsModule,
      imports: [queue],
      controllers: [NotificationsController],
      providers: [
        NotificationsService,
        queueErrorReporter(EMAIL_QUEUE, 'Mail'),
        ...(options.worker ? [Mailer, EmailProcessor, EmailSweeper] : []),
      ],
      exports: [NotificationsService, queue],
    };
    registered.set(options.worker, module);
    return module;
  }
}
