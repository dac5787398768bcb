import {
  ACTION_ITEM_NOTIFICATION_KINDS,
  AUDIT_NOTIFICATION_KINDS,
  CALENDAR_NOTIFICATION_KINDS,
  DELEGATION_NOTIFICATION_KINDS,
  GROUP_NOTIFICATION_KINDS,
  NOTIFICATION_KINDS,
  type NotificationKind,
  type NotificationLocale,
  WORKFLOW_NOTIFICATION_KINDS,
} from './notification-kinds';
import { renderActionItemNotification } from './render-action-item-notification';
import { renderAuditNotification } from './render-audit-notification';
import { renderDeadlineWithdrawal } from './render-deadline-withdrawal';
import { renderDelegationNotification } from './render-delegation-notification';
import { renderGroupNotification } from './render-group-notification';
import { renderNotification, type RenderedNotification } from './render-notification';

// Every id a notice is about, as the service gives them: UUIDs. The links carry them; no text a
// person reads (subject, email, inbox, calendar description) may show one.
const ID = {
  workflow: '7d3c4a1e-5b2f-4c8e-9a10-2f6b8c1d0e11',
  meeting: 'a1b2c3d4-0000-4000-8000-00000000a1b2',
  actionItem: 'b402660e-5f70-41e1-b38e-016b036e008a',
  delegation: 'd0d0d0d0-1111-4222-8333-444455556666',
  delegator: 'e1e1e1e1-1111-4222-8333-444455556666',
  delegate: 'f2f2f2f2-1111-4222-8333-444455556666',
  checkpoint: '6f1c2a4e-7b1d-4c55-9a0e-3f2b8c1d0e9a',
};
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const withoutUrls = (text: string): string => text.replace(/https?:\/\/\S+/g, '');
const APP_URL = 'https://puentes.example.org';
const AT = new Date('2027-02-06T01:00:00Z');
const group = {
  code: 'SON-AZ',
  name: {
    en: 'Sonora–Arizona Regional Technical Group',
    es: 'Grupo Técnico Regional Sonora–Arizona',
  },
};

/** One notice of `kind` for a reader in `locale`, by the renderer of its kind. */
function render(kind: NotificationKind, locale: NotificationLocale): RenderedNotification {
  const reader = { locale, timeZone: 'America/Hermosillo', recipientName: 'Ana López' };
  if ((WORKFLOW_NOTIFICATION_KINDS as readonly string[]).includes(kind))
    return renderNotification({
      ...reader,
      kind: kind as (typeof WORKFLOW_NOTIFICATION_KINDS)[number],
      appUrl: APP_URL,
      project: { code: 'OTAY', name: { en: 'Otay Mesa East', es: 'Mesa de Otay Este' } },
      step: {
        key: 'cbp-review',
        name: { en: 'CBP review', es: 'Revisión de CBP' },
        dueAt: AT,
        round: 1,
        escalationLevel: 1,
        assignees: ['CBP'],
      },
      workflow: {
        id: ID.workflow,
        chainName: { en: 'Presidential permit', es: 'Permiso presidencial' },
        status: 'active',
      },
      actor: { name: 'Jorge Salinas' },
      comment: 'Please attach the traffic study.',
      reassigned: { from: 'Ann Lee', to: 'Luis Pérez' },
      signedInYourPlace: { decision: 'approve', at: AT, legalBasis: 'Art. 45', reference: null },
    });
  if ((GROUP_NOTIFICATION_KINDS as readonly string[]).includes(kind))
    return renderGroupNotification({
      ...reader,
      kind: kind as (typeof GROUP_NOTIFICATION_KINDS)[number],
      appUrl: APP_URL,
      group,
      meeting: {
        id: ID.meeting,
        kind: 'regional',
        title: { en: 'Q1 regional meeting', es: 'Reunión regional del T1' },
        startsAt: AT,
        timeZone: 'America/Hermosillo',
        durationMinutes: 90,
        place: 'Nogales, Sonora',
        agenda: [{ en: 'Rail safety', es: 'Seguridad ferroviaria' }],
        before: { startsAt: new Date('2027-01-21T17:00:00Z') },
        cancellationNote: 'Weather',
      },
      minutes: { version: 1, decisions: [{ en: 'Agreed', es: 'Acordado' }] },
    });
  if ((ACTION_ITEM_NOTIFICATION_KINDS as readonly string[]).includes(kind))
    return renderActionItemNotification({
      ...reader,
      kind: kind as (typeof ACTION_ITEM_NOTIFICATION_KINDS)[number],
      appUrl: APP_URL,
      group,
      actionItem: {
        id: ID.actionItem,
        title: { en: 'Submit the works plan', es: 'Presentar el plan de obra de la garita' },
        ownerAgency: 'ANAM',
        dueAt: AT,
        meetingTitle: { en: 'Q1 regional meeting', es: 'Reunión regional del T1' },
      },
      dueChange: {
        previousDueAt: new Date('2027-01-30T01:00:00Z'),
        meetingMovedTo: new Date('2027-01-28T17:00:00Z'),
      },
    });
  if ((DELEGATION_NOTIFICATION_KINDS as readonly string[]).includes(kind))
    return renderDelegationNotification({
      ...reader,
      kind: kind as (typeof DELEGATION_NOTIFICATION_KINDS)[number],
      appUrl: APP_URL,
      delegation: {
        id: ID.delegation,
        delegatorId: ID.delegator,
        delegateId: ID.delegate,
        delegatorName: 'Ana López',
        delegateName: 'Luis Pérez',
        byName: null,
        startsAt: AT,
        endsAt: new Date('2027-02-20T01:00:00Z'),
        legalBasis: 'Art. 45',
        reference: 'SRE/123/2027',
      },
    });
  if ((CALENDAR_NOTIFICATION_KINDS as readonly string[]).includes(kind))
    return renderDeadlineWithdrawal({
      ...reader,
      kind: kind as (typeof CALENDAR_NOTIFICATION_KINDS)[number],
      appUrl: APP_URL,
      withdrawal: {
        workflowId: ID.workflow,
        stepKey: 'cbp-review',
        project: { code: 'OTAY', name: { en: 'Otay Mesa East', es: 'Mesa de Otay Este' } },
        step: { en: 'CBP review', es: 'Revisión de CBP' },
        dueAt: AT,
      },
    });
  if ((AUDIT_NOTIFICATION_KINDS as readonly string[]).includes(kind))
    return renderAuditNotification({
      ...reader,
      kind: kind as (typeof AUDIT_NOTIFICATION_KINDS)[number],
      occasion: { kind: 'daily' },
      checkpoint: {
        id: ID.checkpoint,
        at: AT,
        root: 'ab'.repeat(32),
        workflowCount: 3,
        keyId: '0123456789abcdef',
        signature: 'A'.repeat(86) + '==',
      },
    });
  throw new Error(`no renderer in this spec for ${kind}`);
}

describe('no notice shows a person a raw id', () => {
  describe.each(
    NOTIFICATION_KINDS.flatMap((kind) => [[kind, 'en'] as const, [kind, 'es'] as const]),
  )('%s (%s)', (kind, locale) => {
    const notice = render(kind, locale);
    it.each(['subject', 'text', 'html', 'inApp', 'eventText'] as const)('%s', (part) => {
      const ids = withoutUrls(notice[part]).match(UUID) ?? [];
      // A checkpoint's id is part of the record the service signs: the auditor needs it to
      // fetch and verify the checkpoint, so the notice that is the auditor's copy gives it.
      const allowed = kind === 'audit_checkpoint' ? [ID.checkpoint] : [];
      expect(ids.filter((id) => !allowed.includes(id))).toEqual([]);
    });
    it('links to what it is about', () => {
      if (kind !== 'audit_checkpoint')
        expect(notice.url).toMatch(/^https:\/\/puentes\.example\.org\//);
    });
  });
});
