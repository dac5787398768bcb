import { NotificationView } from '../dto/notification.dto';
import type { Notification } from '../entities/notification.entity';
import { inAppTitle, withAppTag } from './app-tag';
import { renderAuditNotification } from './render-audit-notification';
import { renderDeadlineWithdrawal } from './render-deadline-withdrawal';
import { renderDelegationNotification } from './render-delegation-notification';

const delegation = renderDelegationNotification({
  kind: 'delegation_created',
  locale: 'es',
  timeZone: 'America/Tijuana',
  recipientName: 'Luis',
  recipient: 'delegate',
  delegation: {
    id: 'd1',
    delegatorId: 'u1',
    delegateId: 'u2',
    delegatorName: 'Ana',
    delegateName: 'Luis',
    byName: null,
    startsAt: new Date('2026-12-01T16:00:00Z'),
    endsAt: new Date('2026-12-15T16:00:00Z'),
    legalBasis: 'Art. 45 del Reglamento Interior',
    reference: null,
  },
});

const checkpoint = renderAuditNotification({
  kind: 'audit_checkpoint',
  locale: 'en',
  timeZone: 'UTC',
  recipientName: 'Ann',
  occasion: { kind: 'daily' },
  checkpoint: {
    id: 'c1',
    at: new Date('2026-12-01T06:00:00Z'),
    root: 'ab'.repeat(32),
    workflowCount: 3,
    keyId: '0123456789abcdef',
    signature: 'A==',
  },
});

const withdrawal = renderDeadlineWithdrawal({
  kind: 'deadline_withdrawn',
  locale: 'en',
  timeZone: 'America/Hermosillo',
  recipientName: 'Ana Ruiz',
  withdrawal: {
    workflowId: 'c0ffee',
    stepKey: 'cbp-review',
    project: { code: 'OTAY-MESA-EAST', name: { en: 'Otay Mesa East', es: 'Mesa de Otay II' } },
    step: { en: 'CBP operational review', es: 'Revisión operativa de CBP' },
    dueAt: new Date('2026-12-05T01:00:00Z'),
  },
});

describe('the app tag: in email subjects, not in the app', () => {
  it('opens the email subject of a notice about no project or group, and only that', () => {
    expect(delegation.subject).toBe(
      withAppTag('Suplencia: usted puede firmar en suplencia de Ana'),
    );
    expect(delegation.subject).toMatch(/^\[Puentes\] Suplencia: /);
    expect(checkpoint.subject).toMatch(/^\[Puentes\] History checkpoint: /);
    expect(withdrawal.subject).toMatch(/^\[OTAY-MESA-EAST\] Deadline withdrawn: /);
  });

  it('is left out of the title the app shows; a project’s tag stays', () => {
    expect(inAppTitle(delegation.subject)).toBe(
      'Suplencia: usted puede firmar en suplencia de Ana',
    );
    expect(inAppTitle(checkpoint.subject)).toBe(
      'History checkpoint: root abababababab… over 3 workflows',
    );
    expect(inAppTitle(withdrawal.subject)).toBe(withdrawal.subject);
    // Only the tag that opens the subject is the app's: the same words later are the subject's.
    expect(inAppTitle('[OTAY-MESA-EAST] Note [Puentes] x')).toBe(
      '[OTAY-MESA-EAST] Note [Puentes] x',
    );
  });

  it('gives the inbox the title and the email failures list the subject', () => {
    const stored = {
      id: 'n1',
      type: 'delegation_created',
      subject: delegation.subject,
      body: delegation.text,
      inAppBody: delegation.inApp,
      createdAt: new Date('2026-12-01T16:00:00Z'),
      readAt: null,
      workflowId: null,
      stepKey: null,
      technicalGroupCode: null,
      meetingId: null,
      actionItemId: null,
      delegationId: 'd1',
      emailStatus: 'sent',
    } as unknown as Notification;
    expect(NotificationView.of(stored)).toMatchObject({
      subject: '[Puentes] Suplencia: usted puede firmar en suplencia de Ana',
      title: 'Suplencia: usted puede firmar en suplencia de Ana',
    });
  });
});
