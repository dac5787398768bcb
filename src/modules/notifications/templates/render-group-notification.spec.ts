import { type GroupNotificationInput, renderGroupNotification } from './render-group-notification';

// Thursday 16 July 2026, 16:00 UTC: Denver and Ciudad Juárez are on daylight time (UTC−6),
// Phoenix and Hermosillo never are (UTC−7).
const SUMMER = new Date('2026-07-16T16:00:00Z');
// Friday 15 January 2027, 16:00 UTC: all four are at UTC−7.
const WINTER = new Date('2027-01-15T16:00:00Z');

function invitation(overrides: Partial<GroupNotificationInput> = {}): GroupNotificationInput {
  return {
    kind: 'meeting_invitation',
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
    meeting: {
      id: 'a1b2',
      kind: 'regional',
      title: { en: 'Q3 regional meeting', es: 'Reunión regional del T3' },
      startsAt: SUMMER,
      timeZone: 'America/Hermosillo',
      durationMinutes: 90,
      place: 'Nogales, Sonora',
      link: 'https://meet.example.gov/son-az',
      agenda: [
        { en: 'Nogales III (NOG-3)', es: 'Nogales III (NOG-3)' },
        { en: 'Rail safety', es: 'Seguridad ferroviaria' },
      ],
    },
    ...overrides,
  };
}

// What only makes sense in an email, said to a reader already in Puentes.
const EMAIL_ONLY =
  /sign in(?! place of)|ingres(ar|e) a Puentes|inicie sesión|this email|este correo|attached|adjunt/i;

/** One sentence of each kind, as the email words it and as the inbox does, in each language. */
const WORDED = {
  meeting_invitation: {
    en: [
      'The calendar invitation is attached. The agenda may be updated before the meeting; see it in Puentes.',
      "The calendar invitation is sent to you by email. The agenda may be updated before the meeting; see it on the meeting's page.",
    ],
    es: [
      'Se adjunta la invitación de calendario. El orden del día puede actualizarse antes de la reunión; consúltelo en Puentes.',
      'La invitación de calendario se le envía por correo electrónico. El orden del día puede actualizarse antes de la reunión; consúltelo en la página de la reunión.',
    ],
  },
  meeting_rescheduled: {
    en: [
      'The attached calendar invitation replaces the earlier one.',
      'An updated calendar invitation, sent to you by email, replaces the earlier one.',
    ],
    es: [
      'La invitación de calendario adjunta sustituye a la anterior.',
      'Una invitación de calendario actualizada, que se le envía por correo electrónico, sustituye a la anterior.',
    ],
  },
  meeting_cancelled: {
    en: [
      'The attached calendar update removes it from your calendar.',
      'A calendar update, sent to you by email, removes it from your calendar.',
    ],
    es: [
      'La actualización de calendario adjunta la retira de su calendario.',
      'Una actualización de calendario, que se le envía por correo electrónico, la retira de su calendario.',
    ],
  },
  minutes_published: {
    en: [
      'Please sign in to Puentes to read them in full, with the attendance and the action items.',
      "The full minutes, with the attendance and the action items, are on the meeting's page.",
    ],
    es: [
      'Le solicitamos ingresar a Puentes para consultarla completa, con la asistencia y los compromisos.',
      'La minuta completa, con la asistencia y los compromisos, puede consultarse en la página de la reunión.',
    ],
  },
} as const;

describe('renderGroupNotification', () => {
  it.each([
    [
      'America/Phoenix',
      'en',
      SUMMER,
      'Thursday, July 16, 2026, at 9:00 AM Arizona time (MST, UTC−7)',
    ],
    ['America/Denver', 'en', SUMMER, 'Thursday, July 16, 2026, at 10:00 AM MDT (UTC−6)'],
    [
      'America/Hermosillo',
      'es',
      SUMMER,
      'jueves 16 de julio de 2026 a las 09:00 (hora de Hermosillo, UTC−7)',
    ],
    [
      'America/Ciudad_Juarez',
      'es',
      SUMMER,
      'jueves 16 de julio de 2026 a las 10:00 (hora de Ciudad Juárez, UTC−6)',
    ],
    ['America/Denver', 'en', WINTER, 'Friday, January 15, 2027, at 9:00 AM MST (UTC−7)'],
    [
      'America/Ciudad_Juarez',
      'es',
      WINTER,
      'viernes 15 de enero de 2027 a las 09:00 (hora de Ciudad Juárez, UTC−7)',
    ],
  ] as const)(
    'shows a reader in %s (%s) the time in their zone',
    (timeZone, locale, at, expected) => {
      const { text } = renderGroupNotification(
        invitation({ timeZone, locale, meeting: { ...invitation().meeting, startsAt: at } }),
      );
      expect(text).toContain(expected);
    },
  );

  it('links every meeting notice to the meeting’s page, in the reader’s language', () => {
    const url = 'https://puentes.example.org/technical-groups/SON-AZ/meetings/a1b2';
    for (const kind of [
      'meeting_invitation',
      'meeting_rescheduled',
      'meeting_cancelled',
    ] as const) {
      const rendered = renderGroupNotification(
        invitation({
          kind,
          appUrl: 'https://puentes.example.org',
          meeting: { ...invitation().meeting, before: { startsAt: WINTER } },
        }),
      );
      expect(rendered.html).toContain(`<a href="${url}">Open the meeting in Puentes</a>`);
      expect(rendered.text).toContain(`Open the meeting in Puentes: ${url}`);
    }
    const minutes = renderGroupNotification(
      invitation({
        kind: 'minutes_published',
        locale: 'es',
        appUrl: 'https://puentes.example.org/',
        minutes: { version: 1, decisions: [] },
      }),
    );
    expect(minutes.html).toContain(`<a href="${url}">Ver la reunión en Puentes</a>`);
    expect(renderGroupNotification(invitation()).html).not.toContain('<a href');
  });

  it('gives the inbox the message alone, the meeting’s own link its only address', () => {
    for (const locale of ['en', 'es'] as const) {
      for (const kind of [
        'meeting_invitation',
        'meeting_rescheduled',
        'meeting_cancelled',
        'minutes_published',
      ] as const) {
        const { text, inApp } = renderGroupNotification(
          invitation({
            kind,
            locale,
            appUrl: 'https://puentes.example.org',
            minutes: { version: 2, decisions: [{ en: 'Go', es: 'Adelante' }] },
          }),
        );
        expect(text).toContain('https://puentes.example.org/technical-groups/');
        // The video call's address is a fact of the meeting, not the email's link to Puentes.
        expect(inApp.match(/https?:\/\/\S+/g)).toEqual(['https://meet.example.gov/son-az']);
        expect(inApp).not.toMatch(/Ann Lee|Puentes — |^>/m);
      }
    }
  });

  it.each(Object.keys(WORDED) as (keyof typeof WORDED)[])(
    'words a %s for a reader already in Puentes in the inbox, and for a mail reader in the email',
    (kind) => {
      for (const locale of ['en', 'es'] as const) {
        const { text, inApp } = renderGroupNotification(
          invitation({
            kind,
            locale,
            appUrl: 'https://puentes.example.org',
            meeting: {
              ...invitation().meeting,
              before: { startsAt: WINTER },
              cancellationNote: 'x',
            },
            minutes: { version: 1, decisions: [{ en: 'Go', es: 'Adelante' }] },
          }),
        );
        const [email, inbox] = WORDED[kind][locale];
        expect(inApp).not.toMatch(EMAIL_ONLY);
        expect(inApp).toContain(`\n\n${inbox}\n\n`);
        expect(text).toContain(`\n\n${email}\n\n`);
        expect(text).not.toContain(inbox);
      }
    },
  );

  it('writes an invitation’s in-app body as plain lines, in each language', () => {
    const en = renderGroupNotification(invitation({ appUrl: 'https://puentes.example.org' }));
    expect(en.inApp).toBe(
      [
        'You are invited to the regional meeting of the Sonora–Arizona Regional Technical Group: Q3 regional meeting.',
        '',
        'Agenda:',
        '1. Nogales III (NOG-3)',
        '2. Rail safety',
        '',
        "The calendar invitation is sent to you by email. The agenda may be updated before the meeting; see it on the meeting's page.",
        '',
        'When: Thursday, July 16, 2026, at 9:00 AM Arizona time (MST, UTC−7)',
        'Duration: 90 minutes',
        'Place: Nogales, Sonora',
        'Link: https://meet.example.gov/son-az',
      ].join('\n'),
    );
    const es = renderGroupNotification(
      invitation({
        locale: 'es',
        timeZone: 'America/Hermosillo',
        meeting: { ...invitation().meeting, link: null },
      }),
    );
    expect(es.inApp).toBe(
      [
        'Se le convoca a la reunión regional del Grupo Técnico Regional Sonora–Arizona: Reunión regional del T3.',
        '',
        'Orden del día:',
        '1. Nogales III (NOG-3)',
        '2. Seguridad ferroviaria',
        '',
        'La invitación de calendario se le envía por correo electrónico. El orden del día puede actualizarse antes de la reunión; consúltelo en la página de la reunión.',
        '',
        'Fecha y hora: jueves 16 de julio de 2026 a las 09:00 (hora de Hermosillo, UTC−7)',
        'Duración: 90 minutos',
        'Sede: Nogales, Sonora',
      ].join('\n'),
    );
  });

  it('names the meeting’s own time beside the reader’s when their clocks differ', () => {
    const denver = renderGroupNotification(invitation({ timeZone: 'America/Denver' })).text;
    expect(denver).toContain(
      'Local time of the meeting: Thursday, July 16, 2026, at 9:00 AM Sonora time (UTC−7)',
    );
    const phoenix = renderGroupNotification(invitation()).text;
    expect(phoenix).not.toContain('Local time of the meeting');
    const winter = { ...invitation().meeting, startsAt: WINTER };
    const denverInWinter = renderGroupNotification(
      invitation({ timeZone: 'America/Denver', meeting: winter }),
    ).text;
    expect(denverInWinter).not.toContain('Local time of the meeting');
    // No raw IANA zone id or UUID reaches a person.
    expect(denver).not.toMatch(/America\/|[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  describe('a changed meeting names what changed, each with its earlier value', () => {
    const changed = (
      before: NonNullable<GroupNotificationInput['meeting']['before']>,
      meeting: Partial<GroupNotificationInput['meeting']> = {},
      locale: 'en' | 'es' = 'en',
    ) =>
      renderGroupNotification(
        invitation({
          kind: 'meeting_rescheduled',
          locale,
          meeting: { ...invitation().meeting, ...meeting, before },
        }),
      );

    it('a move: "now" the new time in the subject, and when it was', () => {
      const moved = changed({ startsAt: new Date(SUMMER.getTime() - 86_400_000) });
      expect(moved.subject).toBe(
        '[SON-AZ] Changed: Q3 regional meeting — now Thu, Jul 16, 9:00 AM Arizona time (MST)',
      );
      expect(moved.text).toContain(
        'When: Thursday, July 16, 2026, at 9:00 AM Arizona time (MST, UTC−7)\nWas: Wednesday, July 15, 2026, at 9:00 AM Arizona time (MST, UTC−7)\n',
      );
      const es = changed({ startsAt: new Date(SUMMER.getTime() - 86_400_000) }, {}, 'es');
      expect(es.subject).toMatch(
        /^\[SON-AZ\] Cambio: Reunión regional del T3 — ahora el jue 16 jul/,
      );
      expect(es.text).toMatch(/^Antes: miércoles 15 de julio de 2026/m);
      // Nothing else changed, so nothing else is said to have.
      expect(moved.text).not.toMatch(/^Previous /m);
    });

    it('a title alone: no "now" (the time kept), and the earlier title named', () => {
      const retitled = changed({ title: { en: 'Q3 meeting', es: 'Reunión del T3' } });
      expect(retitled.subject).toBe('[SON-AZ] Changed: Q3 regional meeting — title');
      expect(retitled.inApp).toMatch(/^Previous title: Q3 meeting$/m);
      expect(retitled.text).not.toMatch(/^Was: /m);
      const es = changed({ title: { en: 'Q3 meeting', es: 'Reunión del T3' } }, {}, 'es');
      expect(es.subject).toBe('[SON-AZ] Cambio: Reunión regional del T3 — título');
      expect(es.inApp).toMatch(/^Título anterior: Reunión del T3$/m);
      expect(es.subject).not.toMatch(/ahora/);
    });

    it('a place and a link: both named in the subject, the earlier place and the removed link said', () => {
      const before = { place: 'Nogales, Sonora', link: 'https://meet.example.gov/son-az' };
      const moved = { place: 'Nogales, Arizona', link: null };
      const en = changed(before, moved);
      expect(en.subject).toBe('[SON-AZ] Changed: Q3 regional meeting — place and video link');
      expect(en.inApp).toContain(
        [
          'Duration: 90 minutes',
          'Place: Nogales, Arizona',
          'Previous place: Nogales, Sonora',
          'Link: (none)',
          'Previous link: https://meet.example.gov/son-az',
        ].join('\n'),
      );
      const es = changed(before, moved, 'es');
      expect(es.subject).toBe(
        '[SON-AZ] Cambio: Reunión regional del T3 — sede y enlace de videollamada',
      );
      expect(es.inApp).toContain(
        [
          'Sede: Nogales, Arizona',
          'Sede anterior: Nogales, Sonora',
          'Enlace: (ninguno)',
          'Enlace anterior: https://meet.example.gov/son-az',
        ].join('\n'),
      );
      for (const { subject, text } of [en, es]) {
        expect(subject).not.toMatch(/\b(now|ahora)\b/);
        expect(text).not.toMatch(/^(Was|Antes): /m);
      }
      // A link added where there was none: its earlier value is none.
      const linked = changed({ link: null, durationMinutes: 60 }, {}, 'es');
      expect(linked.subject).toBe(
        '[SON-AZ] Cambio: Reunión regional del T3 — duración y enlace de videollamada',
      );
      expect(linked.inApp).toContain('Duración anterior: 60 minutos');
      expect(linked.inApp).toContain('Enlace anterior: (ninguno)');
    });

    it('a zone alone (the same instant): the meeting’s local time, then and now', () => {
      const { subject, inApp } = changed({ timeZone: 'America/Phoenix' });
      expect(subject).toBe('[SON-AZ] Changed: Q3 regional meeting — time zone');
      expect(inApp).toContain(
        'Local time of the meeting: Thursday, July 16, 2026, at 9:00 AM Sonora time (UTC−7)\nPrevious local time of the meeting: Thursday, July 16, 2026, at 9:00 AM Arizona time (MST, UTC−7)',
      );
    });

    it('a title fixed in the other language only is no news of a title to this reader', () => {
      const { subject, inApp } = changed({
        title: { en: 'Q3 regional meeting', es: 'Reunion regional del T3' },
      });
      expect(subject).toBe('[SON-AZ] Changed: Q3 regional meeting');
      expect(inApp).not.toContain('Previous title');
    });
  });

  it('writes the whole invitation in the reader’s language, agenda included', () => {
    const es = renderGroupNotification(
      invitation({ locale: 'es', timeZone: 'America/Hermosillo' }),
    );
    expect(es.subject).toBe(
      '[SON-AZ] Convocatoria: Reunión regional del T3 — el jue 16 jul, 09:00 (hora de Hermosillo)',
    );
    expect(es.text).toContain('Se le convoca a la reunión regional del Grupo Técnico Regional');
    expect(es.text).toContain(
      'Orden del día:\n> 1. Nogales III (NOG-3)\n> 2. Seguridad ferroviaria',
    );
    expect(es.text).not.toMatch(/\b(the|meeting|please)\b/i);
    const en = renderGroupNotification(invitation());
    expect(en.subject).toBe(
      '[SON-AZ] Invitation: Q3 regional meeting — Thu, Jul 16, 9:00 AM Arizona time (MST)',
    );
    expect(en.html).toContain('<li><strong>Link:</strong> https://meet.example.gov/son-az</li>');
  });

  it('tells of published and corrected minutes, with the decisions', () => {
    const minutes = (version: number) =>
      renderGroupNotification(
        invitation({
          kind: 'minutes_published',
          minutes: {
            version,
            decisions: [{ en: 'CBP to share the traffic study', es: 'CBP compartirá el estudio' }],
            correctionNote: version > 1 ? 'Attendance fixed' : null,
          },
        }),
      );
    expect(minutes(1).subject).toBe('[SON-AZ] Minutes: Q3 regional meeting');
    expect(minutes(1).text).toContain('Decisions:\n> 1. CBP to share the traffic study');
    expect(minutes(2).subject).toBe('[SON-AZ] Corrected minutes: Q3 regional meeting (version 2)');
    expect(minutes(2).text).toContain('Correction: Attendance fixed');
    expect(() => renderGroupNotification(invitation({ kind: 'minutes_published' }))).toThrow(
      TypeError,
    );
  });

  describe('a meeting without a title of its own (its title is its kind)', () => {
    // What the service stores when a meeting is scheduled without a title.
    const untitled = (
      overrides: Partial<GroupNotificationInput> = {},
      meeting: Partial<GroupNotificationInput['meeting']> = {},
    ) =>
      invitation({
        ...overrides,
        meeting: {
          ...invitation().meeting,
          kind: 'extraordinary',
          title: { en: 'Extraordinary meeting', es: 'Reunión extraordinaria' },
          startsAt: new Date('2027-01-14T16:00:00Z'),
          before: { startsAt: new Date('2027-01-12T16:00:00Z') },
          ...meeting,
        },
      });
    const minutes = { version: 1, decisions: [] };

    it.each([
      [
        'minutes_published',
        'en',
        'The minutes of the extraordinary meeting of the Sonora–Arizona Regional Technical Group held on January 14, 2027 have been published.',
      ],
      [
        'minutes_published',
        'es',
        'Se publicó la minuta de la reunión extraordinaria del Grupo Técnico Regional Sonora–Arizona celebrada el 14 de enero de 2027.',
      ],
      [
        'meeting_invitation',
        'en',
        'You are invited to the extraordinary meeting of the Sonora–Arizona Regional Technical Group on January 14, 2027.',
      ],
      [
        'meeting_invitation',
        'es',
        'Se le convoca a la reunión extraordinaria del Grupo Técnico Regional Sonora–Arizona que se celebrará el 14 de enero de 2027.',
      ],
      [
        'meeting_rescheduled',
        'en',
        'The extraordinary meeting of the Sonora–Arizona Regional Technical Group planned for January 12, 2027 has changed; please note the new details below.',
      ],
      [
        'meeting_rescheduled',
        'es',
        'La reunión extraordinaria del Grupo Técnico Regional Sonora–Arizona prevista para el 12 de enero de 2027 cambió; le pedimos tomar nota de los nuevos datos.',
      ],
      [
        'meeting_cancelled',
        'en',
        'The extraordinary meeting of the Sonora–Arizona Regional Technical Group on January 14, 2027 is cancelled.',
      ],
      [
        'meeting_cancelled',
        'es',
        'Se cancela la reunión extraordinaria del Grupo Técnico Regional Sonora–Arizona prevista para el 14 de enero de 2027.',
      ],
    ] as const)('names it once in a %s (%s), by its kind and date', (kind, locale, sentence) => {
      const { text, inApp } = renderGroupNotification(untitled({ kind, locale, minutes }));
      expect(text).toContain(sentence);
      expect(inApp.split('\n')[0]).toBe(sentence);
      // The kind is said once in the sentence, and the stored title never follows it.
      expect(
        sentence.toLowerCase().split(locale === 'en' ? 'extraordinary' : 'extraordinaria'),
      ).toHaveLength(2);
    });

    it('names it by the date it keeps when only its place changed', () => {
      const { subject, inApp } = renderGroupNotification(
        untitled(
          { kind: 'meeting_rescheduled', locale: 'es' },
          { place: 'Nogales, Arizona', before: { place: 'Nogales, Sonora' } },
        ),
      );
      expect(subject).toBe('[SON-AZ] Cambio: Reunión extraordinaria — sede');
      expect(inApp.split('\n')[0]).toBe(
        'La reunión extraordinaria del Grupo Técnico Regional Sonora–Arizona prevista para el 14 de enero de 2027 cambió; le pedimos tomar nota de los nuevos datos.',
      );
      expect(inApp).toContain('Sede anterior: Nogales, Sonora');
    });

    it('dates it in the subject of its minutes, and in the corrected version’s sentence', () => {
      expect(
        renderGroupNotification(untitled({ kind: 'minutes_published', minutes })).subject,
      ).toBe('[SON-AZ] Minutes: Extraordinary meeting of January 14, 2027');
      const corrected = renderGroupNotification(
        untitled({
          kind: 'minutes_published',
          locale: 'es',
          minutes: { version: 2, decisions: [], correctionNote: 'Asistencia' },
        }),
      );
      expect(corrected.subject).toBe(
        '[SON-AZ] Minuta corregida: Reunión extraordinaria del 14 de enero de 2027 (versión 2)',
      );
      expect(corrected.inApp.split('\n')[0]).toBe(
        'Se publicó una versión corregida (2) de la minuta de la reunión extraordinaria del Grupo Técnico Regional Sonora–Arizona celebrada el 14 de enero de 2027.',
      );
    });

    it('dates it in the reader’s zone, as the “When” line below does', () => {
      // 06:30 UTC on the 15th is still the 14th in Phoenix (23:30) and the 15th in New York.
      const late = { startsAt: new Date('2027-01-15T06:30:00Z') } as const;
      const phoenix = renderGroupNotification(untitled({ kind: 'meeting_cancelled' }, late));
      expect(phoenix.inApp).toContain('on January 14, 2027 is cancelled');
      const newYork = renderGroupNotification(
        untitled({ kind: 'meeting_cancelled', timeZone: 'America/New_York' }, late),
      );
      expect(newYork.inApp).toContain('on January 15, 2027 is cancelled');
    });

    it('keeps a title of its own beside the kind', () => {
      const { inApp } = renderGroupNotification(invitation({ kind: 'minutes_published', minutes }));
      expect(inApp.split('\n')[0]).toBe(
        'The minutes of the regional meeting of the Sonora–Arizona Regional Technical Group, Q3 regional meeting, have been published.',
      );
    });
  });
});
