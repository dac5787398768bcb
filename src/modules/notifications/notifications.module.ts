import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { oncePerRole } from '@app/common/modules/once-per-role';
import { queueErrorReporter } from '@app/queue/queue-errors';
import { EmailProcessor } from './jobs/email.processor';
import { EMAIL_JOB_OPTIONS, EMAIL_QUEUE } from './jobs/email.jobs';
import { EmailSweeper } from './jobs/email.sweeper';
import { Mailer } from './mailer';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

/** In-app notifications and their emails; workers send, every role creates and lists. */
@Module({})
export class NotificationsModule {
  static register = oncePerRole((options) => {
    const queue = BullModule.registerQueue({
      name: EMAIL_QUEUE,
      defaultJobOptions: EMAIL_JOB_OPTIONS,
    });
    return {
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
  });
}
