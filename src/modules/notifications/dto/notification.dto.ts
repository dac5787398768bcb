import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PaginationQuery } from '@app/common/http/pagination';
import type { Notification } from '../entities/notification.entity';
import { inAppTitle } from '../templates/app-tag';
import { NOTIFICATION_KINDS, type NotificationKind } from '../templates/notification-kinds';

export class ListNotificationsQuery extends PaginationQuery {
  @ApiPropertyOptional({ description: 'Only the unread ones' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

export class NotificationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) type: NotificationKind;
  @ApiProperty({
    description:
      "The email's subject line, with its tag: the project's or group's (`[OTAY-MESA-EAST] …`), or for a notice about neither the app's own (`[Puentes] …`)",
  })
  subject: string;
  @ApiProperty({
    description:
      "The title the app shows: the email's subject without the app's own `[Puentes]` tag (every notice in the app is Puentes'); a project's or group's tag is kept, as it says which one",
  })
  title: string;
  @ApiProperty({
    description:
      'The message as plain text, its parts on separate lines: what happened, the comment, what to do, the details. Unlike the email, no greeting, link or signature, and worded for a reader already in Puentes ("Open the step…" where the email says "Please sign in to Puentes…")',
  })
  body: string;
  @ApiProperty({
    enum: ['en', 'es'],
    description:
      "The language its title and body are written in: the recipient's when it was sent (a notice is kept as it was sent, like its email)",
  })
  locale: 'en' | 'es';
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) readAt: string | null;
  @ApiPropertyOptional({ format: 'uuid' }) workflowId?: string;
  @ApiPropertyOptional() stepKey?: string;
  @ApiPropertyOptional({
    description:
      "The technical group (its code) of a notice about one of its meetings (with `meetingId`: the meeting's page) or action items (with `actionItemId`: the group's action items)",
  })
  technicalGroupCode?: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The meeting a meeting or minutes notice is about',
  })
  meetingId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The action item the notice is about' })
  actionItemId?: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The delegation (suplencia) the notice is about: listed on the delegations page',
  })
  delegationId?: string;
  @ApiProperty({ enum: ['pending', 'sent', 'logged', 'failed'] }) emailStatus: string;

  static of(n: Notification): NotificationView {
    return {
      id: n.id,
      type: n.type,
      subject: n.subject,
      title: inAppTitle(n.subject),
      // Notifications older than the in-app body show their email's text (better than nothing).
      body: n.inAppBody ?? n.body,
      locale: n.locale,
      createdAt: n.createdAt.toISOString(),
      readAt: n.readAt?.toISOString() ?? null,
      ...(n.workflowId ? { workflowId: n.workflowId } : {}),
      ...(n.stepKey ? { stepKey: n.stepKey } : {}),
      ...(n.technicalGroupCode ? { technicalGroupCode: n.technicalGroupCode } : {}),
      ...(n.meetingId ? { meetingId: n.meetingId } : {}),
      ...(n.actionItemId ? { actionItemId: n.actionItemId } : {}),
      ...(n.delegationId ? { delegationId: n.delegationId } : {}),
      emailStatus: n.emailStatus,
    };
  }
}

export class DeliveryRecipientView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
}

/** An email that could not be delivered: the notification, to whom, how often tried, and why. */
export class FailedDeliveryView extends NotificationView {
  @ApiProperty({ type: DeliveryRecipientView }) recipient: DeliveryRecipientView;
  @ApiProperty({ description: 'Delivery attempts made' }) emailAttempts: number;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "The last attempt's error, as the mail server or the network gave it",
  })
  emailError: string | null;
}
