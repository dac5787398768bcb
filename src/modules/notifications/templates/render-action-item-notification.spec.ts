import { ACTION_ITEM_NOTIFICATION_KINDS } from './notification-kinds';
import {
  type ActionItemNotificationInput,
  renderActionItemNotification,
} from './render-action-item-notification';

// 18:00 on Friday 9 July 2027 in Phoenix (UTC−7 all year): 01:00 UTC on the 10th.
const DUE = new Date('2027-07-10T01:00:00Z');
// A week earlier: Friday 2 July 2027, 18:00 in Phoenix. The meeting moved from 25 June to
// Friday 2 July, 10:00 in Phoenix (17:00 UTC).
const MOVED = {
  previousDueAt: new Date('2027-07-03T01:00:00Z'),
  meetingMovedTo: new Date('2027-07-02T17:00:00Z'),
};

function notice(overrides: Partial<ActionItemNotificationInput> = {}): ActionItemNotificationInput {
  return {
    kind: 'action_item_reminder',
    locale: 'en',
    timeZone: 'America/Phoenix',
    recipientName: 'Ann Lee',
    group: {
      code: 'SON-AZ',
      name: {
        en: 'Sonora–Arizona Regional Technical Group',
        es: 'Grupo Técnico Regional Sonora–Arizona',
      },
    },
    actionItem: {
      id: 'c0ffee',
      title: { en: 'Share the traffic study', es: 'Compartir el estudio de tránsito' },
      ownerAgency: 'ADOT',
      dueAt: DUE,
      meetingTitle: { en: 'Q3 regional meeting', es: 'Reunión regional del T3' },
    },
    ...overrides,
  };
}

// What only makes sense in an email, said to a reader already in Puentes ("sign in place of" is a
// delegate's signature, not signing in).
const EMAIL_ONLY =
  /sign in(?! place of)|ingres(ar|e) a Puentes|inicie sesión|this email|este correo|attached|adjunt/i;

/** What each kind asks of its reader, in each language: the same in the email and the inbox. */
const ASKS = {
  action_item_assigned: {
    en: 'When it is done, please mark it done in Puentes so both sides see it.',
    es: 'Al concluirlo, le solicitamos marcarlo como cumplido en Puentes para que ambas partes lo vean.',
  },
  action_item_due_changed: {
    en: 'Its reminders now follow the new date. When it is done, please mark it done in Puentes so both sides see it.',
    es: 'Los recordatorios se ajustan a la nueva fecha. Al concluirlo, le solicitamos marcarlo como cumplido en Puentes para que ambas partes lo vean.',
  },
  action_item_reminder: {
    en: 'When it is done, please mark it done in Puentes so both sides see it.',
    es: 'Al concluirlo, le solicitamos marcarlo como cumplido en Puentes para que ambas partes lo vean.',
  },
  action_item_overdue: {
    en: 'ADOT: please finish it or agree a new date with the co-chairs. Co-chairs: please follow it up.',
    es: 'ADOT: le solicitamos concluirlo o acordar una nueva fecha con la copresidencia. Copresidencia: favor de darle seguimiento.',
  },
} as const;

describe('renderActionItemNotification', () => {
  it('links to the group’s action items, in the reader’s language', () => {
    const url = 'https://puentes.example.org/technical-groups/SON-AZ/action-items';
    const en = renderActionItemNotification(notice({ appUrl: 'https://puentes.example.org' }));
    expect(en.html).toContain(`<a href="${url}">Open the action items in Puentes</a>`);
    expect(en.text).toContain(`Open the action items in Puentes: ${url}`);
    const es = renderActionItemNotification(
      notice({ kind: 'action_item_overdue', locale: 'es', appUrl: 'https://puentes.example.org' }),
    );
    expect(es.html).toContain(`<a href="${url}">Ver los compromisos en Puentes</a>`);
    expect(renderActionItemNotification(notice()).html).not.toContain('<a href');
  });

  it('gives the inbox the message alone: no greeting, link or signature', () => {
    for (const locale of ['en', 'es'] as const) {
      for (const kind of ACTION_ITEM_NOTIFICATION_KINDS) {
        const { text, inApp } = renderActionItemNotification(
          notice({ kind, locale, appUrl: 'https://puentes.example.org', dueChange: MOVED }),
        );
        expect(text).toContain('https://puentes.example.org/technical-groups/SON-AZ/');
        expect(inApp).not.toMatch(/https?:|Ann Lee|Puentes — /);
        expect(inApp).not.toMatch(EMAIL_ONLY);
        expect(text).toContain(`\n\n${ASKS[kind][locale]}\n\n`);
        expect(inApp).toContain(`\n\n${ASKS[kind][locale]}\n\n`);
      }
    }
  });

  it('writes a reminder’s in-app body as plain lines, in each language', () => {
    expect(renderActionItemNotification(notice()).inApp).toBe(
      [
        'The action item “Share the traffic study” of the Sonora–Arizona Regional Technical Group falls due on Friday, July 9, 2027, at 6:00 PM Arizona time (MST, UTC−7).',
        '',
        'When it is done, please mark it done in Puentes so both sides see it.',
        '',
        'Action item: Share the traffic study',
        'Owner: ADOT',
        'Due: Friday, July 9, 2027, at 6:00 PM Arizona time (MST, UTC−7)',
        'Agreed at: Q3 regional meeting',
      ].join('\n'),
    );
    expect(
      renderActionItemNotification(notice({ locale: 'es', timeZone: 'America/Hermosillo' })).inApp,
    ).toBe(
      [
        'El compromiso «Compartir el estudio de tránsito» del Grupo Técnico Regional Sonora–Arizona vence el viernes 9 de julio de 2027 a las 18:00 (hora de Hermosillo, UTC−7).',
        '',
        'Al concluirlo, le solicitamos marcarlo como cumplido en Puentes para que ambas partes lo vean.',
        '',
        'Compromiso: Compartir el estudio de tránsito',
        'Responsable: ADOT',
        'Fecha límite: viernes 9 de julio de 2027 a las 18:00 (hora de Hermosillo, UTC−7)',
        'Acordado en: Reunión regional del T3',
      ].join('\n'),
    );
  });

  it('reminds in English with the deadline in the reader’s zone, named', () => {
    const text = renderActionItemNotification(notice());
    expect(text.subject).toBe(
      '[SON-AZ] Reminder: ADOT owes “Share the traffic study” by Fri, Jul 9, 6:00 PM Arizona time (MST)',
    );
    expect(text.text).toContain('Dear Ann Lee,');
    expect(text.text).toContain('Q3 regional meeting');
    // The link carries the item; its id is not shown to a person.
    expect(text.text).not.toContain('c0ffee');
  });

  it('says the same instant in Ciudad Juárez time, in Spanish, for a reader there', () => {
    const text = renderActionItemNotification(
      notice({ locale: 'es', timeZone: 'America/Ciudad_Juarez', recipientName: 'Luis Pérez' }),
    );
    // Ciudad Juárez keeps U.S. daylight time: 19:00 there when it is 18:00 in Phoenix.
    expect(text.subject).toMatch(
      /^\[SON-AZ\] Recordatorio: ADOT debe atender «Compartir el estudio de tránsito» a más tardar el vie 9 jul, 19:00 /,
    );
    expect(text.text).toContain('Apreciable Luis Pérez:');
    expect(text.text).toContain('Compromiso');
    expect(text.text).not.toMatch(/\b(the|owes|due|please)\b/i);
  });

  it('an overdue notice says who owes it and that the co-chairs are told', () => {
    const en = renderActionItemNotification(notice({ kind: 'action_item_overdue' }));
    expect(en.subject).toMatch(/^\[SON-AZ\] Overdue: ADOT has not done “Share the traffic study”/);
    expect(en.text).toContain('The co-chairs are told.');
    const es = renderActionItemNotification(
      notice({ kind: 'action_item_overdue', locale: 'es', timeZone: 'America/Hermosillo' }),
    );
    expect(es.subject).toMatch(/^\[SON-AZ\] Vencido: ADOT no ha cumplido/);
    expect(es.text).toContain('Se informa a la copresidencia.');
  });

  it('an assignment names the meeting that agreed it; HTML escapes what people typed', () => {
    const text = renderActionItemNotification(
      notice({
        kind: 'action_item_assigned',
        actionItem: { ...notice().actionItem, title: { en: '<b>Study</b>', es: '<b>Estudio</b>' } },
      }),
    );
    expect(text.subject).toContain('New action item for ADOT');
    expect(text.html).not.toContain('<b>Study</b>');
    expect(text.html).toContain('&lt;b&gt;Study&lt;/b&gt;');
  });

  it('quotes titles typographically: “…” in English, «…» in Spanish, never straight quotes', () => {
    const en = renderActionItemNotification(notice({ kind: 'action_item_assigned' }));
    expect(en.subject).toMatch(
      /^\[SON-AZ\] New action item for ADOT: “Share the traffic study” — due /,
    );
    expect(en.inApp).toContain(
      'agreed at “Q3 regional meeting” that ADOT will see to “Share the traffic study”.',
    );
    const es = renderActionItemNotification(notice({ kind: 'action_item_assigned', locale: 'es' }));
    expect(es.subject).toMatch(
      /^\[SON-AZ\] Nuevo compromiso de ADOT: «Compartir el estudio de tránsito» — vence el /,
    );
    for (const kind of [
      'action_item_assigned',
      'action_item_reminder',
      'action_item_overdue',
    ] as const)
      for (const locale of ['en', 'es'] as const) {
        const n = renderActionItemNotification(notice({ kind, locale }));
        expect(`${n.subject}\n${n.text}\n${n.inApp}`).not.toMatch(/"|'/);
      }
  });

  describe('a changed due date says so, with the earlier date', () => {
    it('in English, with the meeting’s move as the reason', () => {
      const text = renderActionItemNotification(
        notice({ kind: 'action_item_due_changed', dueChange: MOVED }),
      );
      expect(text.subject).toBe(
        `[SON-AZ] An action item’s due date changed: ADOT’s “Share the traffic study” is now due Fri, Jul 9, 6:00 PM Arizona time (MST) (was Fri, Jul 2)`,
      );
      expect(text.inApp).toBe(
        [
          'The due date of the action item “Share the traffic study” of the Sonora–Arizona Regional Technical Group, owed by ADOT, changed because the meeting “Q3 regional meeting” moved to Friday, July 2, 2027, at 10:00 AM Arizona time (MST, UTC−7): it is now due Friday, July 9, 2027, at 6:00 PM Arizona time (MST, UTC−7); it was due Friday, July 2, 2027, at 6:00 PM Arizona time (MST, UTC−7).',
          '',
          ASKS.action_item_due_changed.en,
          '',
          'Action item: Share the traffic study',
          'Owner: ADOT',
          'Due: Friday, July 9, 2027, at 6:00 PM Arizona time (MST, UTC−7)',
          'Previous due date: Friday, July 2, 2027, at 6:00 PM Arizona time (MST, UTC−7)',
          'Agreed at: Q3 regional meeting',
        ].join('\n'),
      );
    });

    it('in Spanish, formally, in the reader’s zone', () => {
      const text = renderActionItemNotification(
        notice({
          kind: 'action_item_due_changed',
          locale: 'es',
          timeZone: 'America/Hermosillo',
          dueChange: MOVED,
        }),
      );
      expect(text.subject).toBe(
        '[SON-AZ] Cambió la fecha límite de un compromiso de ADOT: «Compartir el estudio de tránsito» — ahora vence el vie 9 jul, 18:00 (hora de Hermosillo); antes, el vie 2 jul',
      );
      expect(text.text).toContain(
        'La fecha límite del compromiso «Compartir el estudio de tránsito» del Grupo Técnico Regional Sonora–Arizona, a cargo de ADOT, cambió porque la reunión «Reunión regional del T3» se movió al viernes 2 de julio de 2027 a las 10:00 (hora de Hermosillo, UTC−7): ahora vence el viernes 9 de julio de 2027 a las 18:00 (hora de Hermosillo, UTC−7); antes vencía el viernes 2 de julio de 2027 a las 18:00 (hora de Hermosillo, UTC−7).',
      );
      expect(text.text).toContain(
        'Fecha límite anterior: viernes 2 de julio de 2027 a las 18:00 (hora de Hermosillo, UTC−7)',
      );
      expect(text.text).not.toMatch(/\b(the|owes|due|please|was)\b/i);
    });

    it('gives no reason when the date changed by itself (a co-chair edited it)', () => {
      const text = renderActionItemNotification(
        notice({
          kind: 'action_item_due_changed',
          locale: 'es',
          dueChange: { ...MOVED, meetingMovedTo: null },
        }),
      );
      expect(text.text).toContain('a cargo de ADOT, cambió: ahora vence el');
      expect(text.text).not.toContain('porque');
    });

    it('needs the earlier date', () => {
      expect(() =>
        renderActionItemNotification(notice({ kind: 'action_item_due_changed' })),
      ).toThrow(TypeError);
    });
  });
});
