import {
  WORKFLOW_NOTIFICATION_KINDS as NOTIFICATION_KINDS,
  type WorkflowNotificationKind as NotificationKind,
} from './notification-kinds';
import { type NotificationInput, renderNotification } from './render-notification';

const WORKFLOW_ID = '7d3c4a1e-5b2f-4c8e-9a10-2f6b8c1d0e11';
// 18:00 on Friday 4 December 2026 in Hermosillo; 8:00 PM the same day in New York.
const DUE_AT = new Date('2026-12-05T01:00:00Z');

function input(overrides: Partial<NotificationInput> = {}): NotificationInput {
  return {
    kind: 'step_assigned',
    locale: 'en',
    timeZone: 'America/New_York',
    recipientName: 'Dana Whitfield',
    project: {
      code: 'OTAY-MESA-EAST',
      name: { en: 'Otay Mesa East Port of Entry', es: 'Garita Otay Mesa Este' },
    },
    step: {
      key: 'cbp-review',
      name: { en: 'CBP operational review', es: 'Revisión operativa de CBP' },
      dueAt: DUE_AT,
      round: 1,
      escalationLevel: 1,
      assignees: ['CBP', 'GSA'],
    },
    workflow: {
      id: WORKFLOW_ID,
      chainName: { en: 'Presidential permit', es: 'Permiso presidencial' },
      status: 'active',
    },
    actor: { name: 'Jorge Salinas' },
    comment: null,
    // Read by `signed_in_your_place` only; in neither language's words (the spec's check).
    signedInYourPlace: {
      decision: 'approve',
      at: new Date('2026-12-02T17:30:00Z'),
      legalBasis: 'Art. 45 RISRE',
      reference: 'SRE/DGAJ/123/2026',
    },
    ...overrides,
  };
}

/** Spanish input as a Mexican approver in Sonora would receive it. */
function spanish(overrides: Partial<NotificationInput> = {}): NotificationInput {
  return input({
    locale: 'es',
    timeZone: 'America/Hermosillo',
    recipientName: 'María Fernanda Ríos',
    ...overrides,
  });
}

const STEP_KINDS: NotificationKind[] = [
  'step_assigned',
  'step_unstaffed',
  'reminder',
  'escalation',
  'changes_requested',
  'step_rejected',
  'assignee_reassigned',
  'comment_added',
  'signed_in_your_place',
];
const COMMENTED_KINDS: NotificationKind[] = [
  'changes_requested',
  'step_rejected',
  'workflow_rejected',
  'workflow_cancelled',
];

// Words that give away the other language; URLs are left out before looking.
const ENGLISH_WORDS =
  /\b(the|step|workflow|project|deadline|please|dear|due|pending|reminder|overdue|approved|rejected|cancelled|action|sign in|comment|reason|AM|PM)\b/i;
const SPANISH_WORDS =
  /\b(el|la|del|de|su|le|etapa|trámite|proyecto|fecha|límite|vence|hora|apreciable|solicitamos|pendientes|favor|folio|comentario|motivo)\b/i;

const withoutUrls = (text: string): string => text.replace(/https?:\/\/\S+/g, '');

// What only makes sense in an email, said to a reader already in Puentes ("sign in place of" is a
// delegate's signature, not signing in).
const EMAIL_ONLY =
  /sign in(?! place of)|ingres(ar|e) a Puentes|inicie sesión|this email|este correo|attached|adjunt/i;

/** The kinds whose email sends the reader to Puentes: one sentence of each, as the email and the inbox word it. */
const SIGN_IN: Partial<Record<NotificationKind, { en: [string, string]; es: [string, string] }>> = {
  step_assigned: {
    en: [
      'Please sign in to Puentes to approve, reject, or request changes before the deadline.',
      'Open the step to approve, reject, or request changes before the deadline.',
    ],
    es: [
      'Le solicitamos ingresar a Puentes para aprobar, rechazar o solicitar cambios antes de la fecha límite.',
      'Abra la etapa para aprobar, rechazar o solicitar cambios antes de la fecha límite.',
    ],
  },
  reminder: {
    en: [
      'Please sign in to Puentes before the deadline to record your decision or to follow up with those still pending.',
      'Open the step before the deadline to record your decision or to follow up with those still pending.',
    ],
    es: [
      'Le solicitamos ingresar a Puentes antes de la fecha límite para registrar su decisión o dar seguimiento con las instancias que aún no se pronuncian.',
      'Abra la etapa antes de la fecha límite para registrar su decisión o dar seguimiento con las instancias que aún no se pronuncian.',
    ],
  },
  escalation: {
    en: [
      'Please sign in to Puentes to record the pending decision or to follow up with those still pending.',
      'Open the step to record the pending decision or to follow up with those still pending.',
    ],
    es: [
      'Le solicitamos ingresar a Puentes para registrar la decisión pendiente o dar seguimiento con las instancias que aún no se pronuncian.',
      'Abra la etapa para registrar la decisión pendiente o dar seguimiento con las instancias que aún no se pronuncian.',
    ],
  },
  changes_requested: {
    en: [
      'Please sign in to Puentes, address the comments, and resubmit the step.',
      'Open the step, address the comments, and resubmit it.',
    ],
    es: [
      'Le solicitamos ingresar a Puentes, atender las observaciones y volver a enviar la etapa.',
      'Abra la etapa, atienda las observaciones y vuelva a enviarla.',
    ],
  },
  step_rejected: {
    en: [
      'Please sign in to Puentes to review the decision.',
      'Open the workflow to review the decision.',
    ],
    es: [
      'Le solicitamos ingresar a Puentes para revisar la decisión.',
      'Abra el trámite para revisar la decisión.',
    ],
  },
  assignee_reassigned: {
    en: [
      'If your agency or group now signs this step, please sign in to Puentes to decide; otherwise no action is needed.',
      'If your agency or group now signs this step, open it to decide; otherwise no action is needed.',
    ],
    es: [
      'Si ahora su dependencia o grupo firma esta etapa, le solicitamos ingresar a Puentes para decidir; de lo contrario, no se requiere ninguna acción.',
      'Si ahora su dependencia o grupo firma esta etapa, ábrala para decidir; de lo contrario, no se requiere ninguna acción.',
    ],
  },
  comment_added: {
    en: [
      'Please sign in to Puentes to read it in context.',
      'Open the workflow to read it in context.',
    ],
    es: [
      'Le solicitamos ingresar a Puentes para consultarlo en su contexto.',
      'Abra el trámite para consultarlo en su contexto.',
    ],
  },
  signed_in_your_place: {
    en: [
      'No action is needed. If you did not expect this decision, please sign in to Puentes to review it and, if need be, revoke the delegation.',
      'No action is needed. If you did not expect this decision, open the workflow to review it and, if need be, revoke the delegation on your profile page.',
    ],
    es: [
      'No se requiere ninguna acción. Si usted no esperaba esta decisión, le solicitamos ingresar a Puentes para revisarla y, en su caso, revocar la suplencia.',
      'No se requiere ninguna acción. Si usted no esperaba esta decisión, abra el trámite para revisarla y, en su caso, revoque la suplencia en la página de su perfil.',
    ],
  },
};

/** The words a reader sees in the HTML body, for comparison with the text version. */
function visibleText(html: string): string {
  const body = html.slice(html.indexOf('<body'));
  return body
    .replace(/<br>/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('renderNotification', () => {
  describe.each(NOTIFICATION_KINDS)('%s', (kind) => {
    const comment = COMMENTED_KINDS.includes(kind);
    const en = renderNotification(
      input({
        kind,
        workflow: {
          ...input().workflow,
          status: kind === 'workflow_completed' ? 'approved' : 'active',
        },
        comment: comment ? 'The traffic study is missing.' : null,
      }),
    );
    const es = renderNotification(
      spanish({ kind, comment: comment ? 'Falta el estudio de tránsito.' : null }),
    );

    it('starts the subject with the project code and names what it is about, in each language', () => {
      expect(en.subject.startsWith('[OTAY-MESA-EAST] ')).toBe(true);
      expect(es.subject.startsWith('[OTAY-MESA-EAST] ')).toBe(true);
      if (STEP_KINDS.includes(kind) || kind === 'workflow_rejected') {
        expect(en.subject).toContain('CBP operational review');
        expect(es.subject).toContain('Revisión operativa de CBP');
      } else {
        expect(en.subject).toContain('Presidential permit');
        expect(es.subject).toContain('Permiso presidencial');
      }
    });

    it('writes the English version in English only', () => {
      for (const part of [en.subject, en.text, visibleText(en.html)]) {
        expect(withoutUrls(part)).not.toMatch(SPANISH_WORDS);
      }
      expect(en.text).toContain('Dear Dana Whitfield,');
      expect(en.text).toContain('Otay Mesa East Port of Entry (OTAY-MESA-EAST)');
      expect(withoutUrls(en.text)).not.toContain(WORKFLOW_ID);
      expect(en.text).not.toContain('Garita');
      expect(en.html).toContain('<html lang="en">');
    });

    it('writes the Spanish version in Spanish only, addressing the reader as usted', () => {
      for (const part of [es.subject, es.text, visibleText(es.html)]) {
        expect(withoutUrls(part)).not.toMatch(ENGLISH_WORDS);
      }
      expect(es.text).toContain('Apreciable María Fernanda Ríos:');
      expect(es.text).toContain('Garita Otay Mesa Este (OTAY-MESA-EAST)');
      // The link carries the workflow; its UUID is not shown to a person.
      expect(withoutUrls(es.text)).not.toContain(WORKFLOW_ID);
      expect(es.text).not.toContain('Port of Entry');
      expect(es.html).toContain('<html lang="es">');
    });

    it('gives the inbox the email’s message alone: no greeting, link, signature or quoting', () => {
      const appUrl = 'https://puentes.example.gov';
      for (const linked of [
        renderNotification(input({ kind, appUrl, comment: comment ? 'Missing.\nSee 3.' : null })),
        renderNotification(spanish({ kind, appUrl, comment: comment ? 'Falta.\nVer 3.' : null })),
      ]) {
        expect(linked.text).toContain(`${appUrl}/workflows/${WORKFLOW_ID}`);
        expect(linked.inApp).not.toMatch(/https?:|\/workflows\/|Dear |Apreciable |Puentes — |^>/m);
        // The same parts as the email, in the same order; only what to do may read differently.
        const email = linked.text.replace(/^> ?/gm, '');
        const parts = linked.inApp.split('\n\n');
        const shared = parts.filter((part) => email.includes(part));
        expect(parts.length - shared.length).toBeLessThanOrEqual(SIGN_IN[kind] ? 1 : 0);
        const at = shared.map((part) => email.indexOf(part));
        expect(at).toEqual([...at].sort((a, b) => a - b));
      }
    });

    it('gives a calendar event the email’s message and link, without the letter around them', () => {
      const appUrl = 'https://puentes.example.gov';
      for (const linked of [
        renderNotification(input({ kind, appUrl, comment: comment ? 'Missing.\nSee 3.' : null })),
        renderNotification(spanish({ kind, appUrl, comment: comment ? 'Falta.\nVer 3.' : null })),
      ]) {
        const link = `${appUrl}/workflows/${WORKFLOW_ID}`;
        expect(linked.url?.startsWith(link)).toBe(true);
        expect(linked.eventText).toContain(linked.url);
        expect(linked.eventText).not.toMatch(/Dear |Apreciable |Puentes — |^>/m);
        // Every part of it is the email's, in the email's order.
        const email = linked.text.replace(/^> ?/gm, '');
        const at = linked.eventText.split('\n\n').map((part) => email.indexOf(part));
        expect(at).not.toContain(-1);
        expect(at).toEqual([...at].sort((a, b) => a - b));
      }
    });

    it('words the inbox for a reader already in Puentes, and keeps the email’s own wording', () => {
      for (const [rendered, locale] of [
        [en, 'en'],
        [es, 'es'],
      ] as const) {
        expect(rendered.inApp).not.toMatch(EMAIL_ONLY);
        const sentences = SIGN_IN[kind]?.[locale];
        if (sentences) {
          const [email, inbox] = sentences;
          expect(rendered.text).toContain(`\n\n${email}\n\n`);
          expect(rendered.inApp).toContain(inbox);
          expect(rendered.inApp).not.toContain(email);
        } else {
          expect(rendered.text).not.toMatch(EMAIL_ONLY);
        }
      }
      expect(withoutUrls(en.inApp)).not.toMatch(SPANISH_WORDS);
      expect(withoutUrls(es.inApp)).not.toMatch(ENGLISH_WORDS);
    });

    it('says the same thing in the text and in the HTML', () => {
      for (const rendered of [en, es]) {
        expect(visibleText(rendered.html)).toBe(
          rendered.text.replace(/^> ?/gm, '').replace(/\s+/g, ' ').trim(),
        );
      }
    });
  });

  it('gives every kind its own subject in both languages', () => {
    const subjects = NOTIFICATION_KINDS.flatMap((kind) => [
      renderNotification(input({ kind })).subject,
      renderNotification(spanish({ kind })).subject,
    ]);
    expect(subjects).toEqual([
      '[OTAY-MESA-EAST] Action needed: CBP operational review — due Fri, Dec 4, 8:00 PM EST',
      '[OTAY-MESA-EAST] Acción requerida: Revisión operativa de CBP — vence el vie 4 dic, 18:00 (hora de Hermosillo)',
      '[OTAY-MESA-EAST] Nobody can sign: CBP operational review (CBP and GSA)',
      '[OTAY-MESA-EAST] Sin quien firme: Revisión operativa de CBP (CBP y GSA)',
      '[OTAY-MESA-EAST] Reminder: CBP operational review due Fri, Dec 4, 8:00 PM EST',
      '[OTAY-MESA-EAST] Recordatorio: Revisión operativa de CBP vence el vie 4 dic, 18:00 (hora de Hermosillo)',
      '[OTAY-MESA-EAST] Overdue: CBP operational review (escalation level 1)',
      '[OTAY-MESA-EAST] Plazo vencido: Revisión operativa de CBP (nivel de escalamiento 1)',
      '[OTAY-MESA-EAST] Changes requested: CBP operational review',
      '[OTAY-MESA-EAST] Cambios solicitados: Revisión operativa de CBP',
      '[OTAY-MESA-EAST] Step rejected: CBP operational review',
      '[OTAY-MESA-EAST] Etapa rechazada: Revisión operativa de CBP',
      '[OTAY-MESA-EAST] Workflow approved: Presidential permit',
      '[OTAY-MESA-EAST] Trámite aprobado: Permiso presidencial',
      '[OTAY-MESA-EAST] Workflow rejected: Presidential permit (step: CBP operational review)',
      '[OTAY-MESA-EAST] Trámite rechazado: Permiso presidencial (etapa: Revisión operativa de CBP)',
      '[OTAY-MESA-EAST] Workflow cancelled: Presidential permit',
      '[OTAY-MESA-EAST] Trámite cancelado: Permiso presidencial',
      '[OTAY-MESA-EAST] Reassigned: CBP operational review',
      '[OTAY-MESA-EAST] Reasignación: Revisión operativa de CBP',
      '[OTAY-MESA-EAST] New comment: CBP operational review',
      '[OTAY-MESA-EAST] Nuevo comentario: Revisión operativa de CBP',
      '[OTAY-MESA-EAST] Jorge Salinas signed in your place: approved CBP operational review',
      '[OTAY-MESA-EAST] Jorge Salinas firmó en su suplencia: aprobó Revisión operativa de CBP',
    ]);
  });

  it('writes the in-app body as plain lines: what happened, the comment, what to do, the facts', () => {
    const step = { ...input().step!, round: 2 };
    const appUrl = 'https://puentes.example.gov';
    expect(renderNotification(input({ kind: 'reminder', step, appUrl })).inApp).toBe(
      [
        'This is a reminder that the step “CBP operational review” of the “Presidential permit” workflow for project Otay Mesa East Port of Entry (OTAY-MESA-EAST) is still awaiting a decision.',
        '',
        'Open the step before the deadline to record your decision or to follow up with those still pending.',
        '',
        'Deadline: Friday, December 4, 2026, at 8:00 PM EST (UTC−5)',
        'Pending: CBP and GSA',
        'Review round: 2',
      ].join('\n'),
    );
    const comment = 'Falta el estudio de tránsito.\nVer el anexo 3.';
    expect(
      renderNotification(spanish({ kind: 'changes_requested', step, comment, appUrl })).inApp,
    ).toBe(
      [
        'Jorge Salinas solicitó cambios en la etapa “Revisión operativa de CBP” del trámite “Permiso presidencial” del proyecto Garita Otay Mesa Este (OTAY-MESA-EAST).',
        '',
        'Comentario de Jorge Salinas:',
        'Falta el estudio de tránsito.',
        'Ver el anexo 3.',
        '',
        'Abra la etapa, atienda las observaciones y vuelva a enviarla.',
        '',
        'Ronda de revisión: 2',
      ].join('\n'),
    );
  });

  it('says who signed in whose place when a delegate decided (suplencia), in each language', () => {
    const delegated = {
      kind: 'changes_requested' as const,
      decidedFor: 'SRE',
      inPlaceOf: 'Tomás Titular',
    };
    expect(renderNotification(input(delegated)).text).toContain(
      'Signed by Jorge Salinas in place of Tomás Titular.',
    );
    expect(renderNotification(spanish(delegated)).text).toContain(
      'Firmado por Jorge Salinas en suplencia de Tomás Titular.',
    );
    expect(renderNotification(input({ kind: 'changes_requested' })).text).not.toContain(
      'in place of',
    );
  });

  it('tells a delegate of a step whose decision they may give in the delegator’s place', () => {
    const lent = {
      kind: 'step_assigned' as const,
      actor: null,
      awaitingInPlaceOf: 'Tomás Titular',
    };
    const en = renderNotification(input(lent));
    expect(en.subject).toBe(
      '[OTAY-MESA-EAST] Action needed in place of Tomás Titular: CBP operational review — due Fri, Dec 4, 8:00 PM EST',
    );
    expect(en.text).toContain(
      'is awaiting a decision that you may give in place of Tomás Titular, while the delegation is in force.',
    );
    const es = renderNotification(spanish(lent));
    expect(es.subject).toContain('Acción requerida en suplencia de Tomás Titular: ');
    expect(es.text).toContain(
      'está en espera de una decisión que usted puede emitir en suplencia de Tomás Titular, mientras la suplencia esté vigente.',
    );
    expect(es.text).not.toContain('en espera de su decisión');
    // One's own assignment reads as before; a notice that asks for no decision never says so.
    expect(renderNotification(input({ kind: 'step_assigned' })).text).toContain(
      'is awaiting your decision.',
    );
    for (const kind of ['comment_added', 'assignee_reassigned', 'step_unstaffed'] as const)
      expect(renderNotification(input({ ...lent, kind })).text).not.toContain('Tomás Titular');
  });

  it('reminds a delegate, and tells them of an escalation, in the delegator’s place', () => {
    const lent = { actor: null, awaitingInPlaceOf: 'Tomás Titular' };
    const reminder = renderNotification(input({ ...lent, kind: 'reminder' }));
    expect(reminder.subject).toBe(
      '[OTAY-MESA-EAST] Reminder, in place of Tomás Titular: CBP operational review due Fri, Dec 4, 8:00 PM EST',
    );
    expect(reminder.text).toContain(
      'is still awaiting a decision, which you may give in place of Tomás Titular while the delegation is in force.',
    );
    const recordatorio = renderNotification(spanish({ ...lent, kind: 'reminder' }));
    expect(recordatorio.subject).toContain('Recordatorio, en suplencia de Tomás Titular: ');
    expect(recordatorio.text).toContain(
      'sigue en espera de una decisión, que usted puede emitir en suplencia de Tomás Titular mientras la suplencia esté vigente.',
    );
    const escalation = renderNotification(input({ ...lent, kind: 'escalation' }));
    expect(escalation.subject).toBe(
      '[OTAY-MESA-EAST] Overdue, in place of Tomás Titular: CBP operational review (escalation level 1)',
    );
    expect(escalation.text).toContain(
      'has been escalated to level 1. You may give that decision in place of Tomás Titular while the delegation is in force.',
    );
    const vencido = renderNotification(spanish({ ...lent, kind: 'escalation' }));
    expect(vencido.subject).toContain('Plazo vencido, en suplencia de Tomás Titular: ');
    expect(vencido.text).toContain(
      'Usted puede emitir esa decisión en suplencia de Tomás Titular mientras la suplencia esté vigente.',
    );
    // Without a delegator, as before.
    expect(renderNotification(input({ kind: 'reminder' })).subject).toBe(
      '[OTAY-MESA-EAST] Reminder: CBP operational review due Fri, Dec 4, 8:00 PM EST',
    );
  });

  it('tells a delegate until when the delegation lets them decide, on their clock, in each language', () => {
    // The delegation ends on Thursday, before the step's Friday deadline.
    const lent = {
      actor: null,
      awaitingInPlaceOf: 'Tomás Titular',
      awaitingUntil: new Date('2026-12-03T23:00:00Z'),
    };
    expect(renderNotification(input({ ...lent, kind: 'step_assigned' })).text).toContain(
      'is awaiting a decision that you may give in place of Tomás Titular until Thursday, December 3, 2026, at 6:00 PM EST (UTC−5), when the delegation ends.',
    );
    expect(renderNotification(input({ ...lent, kind: 'reminder' })).inApp).toContain(
      'which you may give in place of Tomás Titular until Thursday, December 3, 2026, at 6:00 PM EST (UTC−5), when the delegation ends.',
    );
    expect(renderNotification(input({ ...lent, kind: 'escalation' })).text).toContain(
      'You may give that decision in place of Tomás Titular until Thursday, December 3, 2026, at 6:00 PM EST (UTC−5), when the delegation ends.',
    );
    expect(renderNotification(spanish({ ...lent, kind: 'step_assigned' })).text).toContain(
      'que usted puede emitir en suplencia de Tomás Titular hasta el jueves 3 de diciembre de 2026 a las 16:00 (hora de Hermosillo, UTC−7), cuando termina la suplencia.',
    );
    expect(renderNotification(spanish({ ...lent, kind: 'reminder' })).text).toContain(
      'que usted puede emitir en suplencia de Tomás Titular hasta el jueves 3 de diciembre de 2026 a las 16:00 (hora de Hermosillo, UTC−7), cuando termina la suplencia.',
    );
    expect(renderNotification(spanish({ ...lent, kind: 'escalation' })).text).toContain(
      'Usted puede emitir esa decisión en suplencia de Tomás Titular hasta el jueves 3 de diciembre de 2026 a las 16:00 (hora de Hermosillo, UTC−7), cuando termina la suplencia.',
    );
    // Not to whoever signs in their own right, and never without a delegator to name.
    expect(
      renderNotification(input({ kind: 'step_assigned', awaitingUntil: lent.awaitingUntil })).text,
    ).not.toContain('delegation');
  });

  it('names every delegator who lent the delegate the signature, as one list in their language', () => {
    const lent = {
      kind: 'step_assigned' as const,
      awaitingInPlaceOf: ['Tomás Titular', ' Ana\nArce '],
    };
    expect(renderNotification(input(lent)).subject).toContain(
      'Action needed in place of Tomás Titular and Ana Arce: ',
    );
    expect(renderNotification(spanish(lent)).subject).toContain(
      'Acción requerida en suplencia de Tomás Titular y Ana Arce: ',
    );
    expect(renderNotification(input({ ...lent, awaitingInPlaceOf: [] })).subject).toContain(
      '] Action needed: ',
    );
  });

  it('tells the delegator who signed in their place, what, when (on their clock) and on which basis', () => {
    const told = {
      kind: 'signed_in_your_place' as const,
      decidedFor: 'SRE',
      comment: 'Falta el anexo técnico.',
      step: { ...input().step!, round: 2 },
      signedInYourPlace: {
        decision: 'request_changes' as const,
        at: new Date('2026-12-02T17:30:00Z'),
        legalBasis: 'Art. 45 del Reglamento Interior de la SRE',
        reference: 'SRE/DGAJ/123/2026',
      },
    };
    const en = renderNotification(input(told));
    expect(en.subject).toBe(
      '[OTAY-MESA-EAST] Jorge Salinas signed in your place: requested changes to CBP operational review',
    );
    expect(en.inApp).toBe(
      [
        'Jorge Salinas signed in your place for SRE: requested changes to the step “CBP operational review” of the “Presidential permit” workflow for project Otay Mesa East Port of Entry (OTAY-MESA-EAST), under the delegation recorded in your name.',
        '',
        'Comment from Jorge Salinas:',
        'Falta el anexo técnico.',
        '',
        'No action is needed. If you did not expect this decision, open the workflow to review it and, if need be, revoke the delegation on your profile page.',
        '',
        'Review round: 2',
        'Signed on: Wednesday, December 2, 2026, at 12:30 PM EST (UTC−5)',
        'Legal basis: Art. 45 del Reglamento Interior de la SRE',
        'Reference: SRE/DGAJ/123/2026',
      ].join('\n'),
    );
    // The notice is the delegate's signature: not said twice as "Signed by … in place of …".
    expect(en.text).not.toContain('in place of');
    const es = renderNotification(
      spanish({ ...told, signedInYourPlace: { ...told.signedInYourPlace, reference: null } }),
    );
    expect(es.subject).toBe(
      '[OTAY-MESA-EAST] Jorge Salinas firmó en su suplencia: solicitó cambios en Revisión operativa de CBP',
    );
    expect(es.text).toContain(
      'Jorge Salinas firmó en su suplencia por SRE: solicitó cambios en la etapa “Revisión operativa de CBP” del trámite “Permiso presidencial” del proyecto Garita Otay Mesa Este (OTAY-MESA-EAST), al amparo de la suplencia registrada a su nombre.',
    );
    expect(es.text).toContain(
      'Fecha de firma: miércoles 2 de diciembre de 2026 a las 10:30 (hora de Hermosillo, UTC−7)',
    );
    expect(es.text).toContain('Fundamento: Art. 45 del Reglamento Interior de la SRE');
    expect(es.text).not.toContain('Oficio:');
    expect(es.text).toContain('le solicitamos ingresar a Puentes para revisarla');
  });

  it('names both assignees of a reassignment, and its reason', () => {
    const moved = renderNotification(
      spanish({
        kind: 'assignee_reassigned',
        reassigned: { from: 'CBP', to: 'GSA' },
        comment: 'Cambio de jurisdicción',
      }),
    );
    expect(moved.subject).toContain('CBP → GSA');
    expect(moved.text).toContain('de CBP a GSA, solo para este trámite');
    expect(moved.text).toContain('Motivo indicado por Jorge Salinas:');
  });

  it('shows one deadline to a Sonoran approver and a New York coordinator in their own time', () => {
    const approver = renderNotification(spanish({ kind: 'reminder' }));
    const coordinator = renderNotification(input({ kind: 'reminder' }));

    expect(approver.subject).toContain('vence el vie 4 dic, 18:00 (hora de Hermosillo)');
    expect(approver.text).toContain(
      'Fecha límite: viernes 4 de diciembre de 2026 a las 18:00 (hora de Hermosillo, UTC−7)',
    );
    expect(coordinator.subject).toContain('due Fri, Dec 4, 8:00 PM EST');
    expect(coordinator.text).toContain(
      'Deadline: Friday, December 4, 2026, at 8:00 PM EST (UTC−5)',
    );
  });

  it('follows daylight saving time for a reader in Ciudad Juárez', () => {
    const at = (dueAt: Date, locale: 'en' | 'es') =>
      renderNotification(
        input({
          kind: 'step_assigned',
          locale,
          timeZone: 'America/Ciudad_Juarez',
          step: { ...input().step!, dueAt },
        }),
      ).subject;
    const summer = new Date('2026-07-16T00:00:00Z');
    const winter = new Date('2026-01-16T01:00:00Z');
    expect(at(summer, 'en')).toContain('due Wed, Jul 15, 6:00 PM MDT');
    expect(at(winter, 'en')).toContain('due Thu, Jan 15, 6:00 PM MST');
    expect(at(summer, 'es')).toContain('vence el mié 15 jul, 18:00 (hora de Ciudad Juárez)');
    expect(at(winter, 'es')).toContain('vence el jue 15 ene, 18:00 (hora de Ciudad Juárez)');
  });

  it('does not mention a deadline that is not set', () => {
    const step = { ...input().step!, dueAt: null };
    const en = renderNotification(input({ kind: 'reminder', step }));
    const es = renderNotification(spanish({ kind: 'step_assigned', step }));
    expect(en.subject).toBe('[OTAY-MESA-EAST] Reminder: CBP operational review awaits a decision');
    expect(es.subject).toBe('[OTAY-MESA-EAST] Acción requerida: Revisión operativa de CBP');
    expect(en.text).not.toMatch(/deadline|due/i);
    expect(es.text).not.toMatch(/fecha límite|vence/i);
  });

  it('lists the assignees still pending, in the reader’s language', () => {
    const step = { ...input().step!, assignees: ['CBP', 'GSA', 'SON-AZ'] };
    expect(renderNotification(input({ kind: 'reminder', step })).text).toContain(
      'Pending: CBP, GSA, and SON-AZ',
    );
    expect(renderNotification(spanish({ kind: 'reminder', step })).text).toContain(
      'Pendientes: CBP, GSA y SON-AZ',
    );
  });

  it('quotes the comment and names who made it', () => {
    const comment = 'Falta el estudio de tránsito.\nVer el anexo 3.';
    const { text } = renderNotification(spanish({ kind: 'changes_requested', comment }));
    expect(text).toContain(
      'Comentario de Jorge Salinas:\n> Falta el estudio de tránsito.\n> Ver el anexo 3.',
    );
    const cancelled = renderNotification(
      input({ kind: 'workflow_cancelled', actor: null, comment: 'Duplicate request.' }),
    );
    expect(cancelled.text).toContain('Reason:\n> Duplicate request.');
    expect(cancelled.text).toContain('The “Presidential permit” workflow for project');
  });

  it('says what a rejected step means for the workflow', () => {
    const returned = renderNotification(input({ kind: 'step_rejected' })).text;
    const ended = renderNotification(
      spanish({ kind: 'step_rejected', workflow: { ...input().workflow, status: 'rejected' } }),
    ).text;
    expect(returned).toContain('The workflow returns to an earlier step for a new round');
    expect(ended).toContain('Con esta decisión, el trámite concluyó como rechazado.');
  });

  it('mentions the review round after the first', () => {
    const step = { ...input().step!, round: 2 };
    expect(renderNotification(input({ step })).text).toContain('Review round: 2');
    expect(renderNotification(spanish({ step })).text).toContain('Ronda de revisión: 2');
    expect(renderNotification(input()).text).not.toContain('Review round');
  });

  it('links a step still waiting on a decision to its decision panel', () => {
    const base = 'https://puentes.example.gov/';
    const url = `https://puentes.example.gov/workflows/${WORKFLOW_ID}?step=cbp-review`;
    for (const kind of ['step_assigned', 'reminder', 'escalation'] as const) {
      const linked = renderNotification(input({ kind, appUrl: base }));
      expect(linked.text).toContain(`Open the step in Puentes to decide: ${url}`);
      expect(linked.html).toContain(`<a href="${url}">Open the step in Puentes to decide</a>`);
    }
    expect(renderNotification(spanish({ appUrl: base })).html).toContain(
      `<a href="${url}">Abrir la etapa en Puentes para decidir</a>`,
    );
    expect(renderNotification(input()).text).not.toContain('/workflows/');
  });

  it('links any other notice to the workflow page', () => {
    const url = `https://puentes.example.gov/workflows/${WORKFLOW_ID}`;
    for (const kind of ['changes_requested', 'step_rejected', 'workflow_completed'] as const) {
      const linked = renderNotification(input({ kind, appUrl: 'https://puentes.example.gov' }));
      expect(linked.html).toContain(`<a href="${url}">Open the workflow in Puentes</a>`);
      expect(linked.text).not.toContain('?step=');
    }
  });

  it('URL-encodes the parts of a link', () => {
    const linked = renderNotification(
      input({
        appUrl: 'https://puentes.example.gov/app',
        workflow: { ...input().workflow, id: 'a/b?c' },
        step: { ...input().step!, key: 'x&y=z' },
      }),
    );
    expect(linked.text).toContain(
      'https://puentes.example.gov/app/workflows/a%2Fb%3Fc?step=x%26y%3Dz',
    );
  });

  it('names who decided, for which assignee, and where a return sends the workflow', () => {
    const decided = { actor: { name: 'Ana Ruiz' }, decidedFor: 'SRE' };
    expect(renderNotification(input({ kind: 'changes_requested', ...decided })).text).toContain(
      'Ana Ruiz, for SRE, requested changes to the step “CBP operational review”',
    );
    expect(renderNotification(spanish({ kind: 'changes_requested', ...decided })).text).toContain(
      'Ana Ruiz, por SRE, solicitó cambios en la etapa “Revisión operativa de CBP”',
    );
    const returned = {
      kind: 'step_rejected' as const,
      ...decided,
      returnTo: { en: 'SRE intake', es: 'Recepción en SRE' },
    };
    expect(renderNotification(input(returned)).text).toContain(
      'Ana Ruiz, for SRE, rejected the step “CBP operational review”',
    );
    expect(renderNotification(input(returned)).text).toContain(
      'The workflow returns to the step “SRE intake” for a new round of review.',
    );
    expect(renderNotification(spanish(returned)).text).toContain(
      'El trámite regresa a la etapa “Recepción en SRE” para una nueva ronda de revisión.',
    );
  });

  it('says, when nobody can sign, for which assignees and what would unblock the step', () => {
    const unstaffed = {
      kind: 'step_unstaffed' as const,
      step: { ...input().step!, assignees: ['ANAM'] },
    };
    const en = renderNotification(input(unstaffed)).text;
    const es = renderNotification(spanish(unstaffed)).text;
    expect(en).toContain('nobody can sign for ANAM at the moment');
    expect(en).toContain('Nobody can sign for: ANAM');
    expect(es).toContain('nadie puede firmar por ANAM');
    expect(es).toContain('Sin quien firme por: ANAM');
    // It is about the workflow, not a decision the reader can take: the link opens the workflow.
    expect(en).not.toContain('?step=');
  });

  it('escapes every interpolated value in the HTML', () => {
    const attack = '<script>alert("x")</script>';
    const rendered = renderNotification(
      input({
        kind: 'changes_requested',
        recipientName: '<b>Dana</b>',
        project: { code: 'OTAY&<i>', name: { en: `Bridge ${attack}`, es: attack } },
        actor: { name: '<img src=x onerror=alert(1)>' },
        comment: `Looks fine </blockquote>${attack}\n"quoted" & 'single'`,
        appUrl: 'https://puentes.example.gov/"><script>',
      }),
    );
    expect(rendered.html).not.toMatch(/<script|<img|<b>|<i>|"><|<\/blockquote><script/);
    expect(rendered.html).toContain('Bridge &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(rendered.html).toContain('&quot;quoted&quot; &amp; &#39;single&#39;');
    expect(rendered.html).toContain('<title>[OTAY&amp;&lt;i&gt;] Changes requested');
    // The plain text is not HTML: it keeps the values as they are.
    expect(rendered.text).toContain(`Bridge ${attack}`);
  });

  it('keeps the subject on one line whatever the names hold', () => {
    const { subject } = renderNotification(
      input({
        project: { code: 'OTAY-MESA-EAST', name: input().project.name },
        step: { ...input().step!, name: { en: 'CBP\r\nBcc: x@example.com', es: 'x' } },
      }),
    );
    expect(subject).not.toMatch(/[\r\n]/);
    expect(subject).toContain('CBP Bcc: x@example.com');
  });

  it('refuses a step notification without its step', () => {
    expect(() => renderNotification(input({ kind: 'reminder', step: undefined }))).toThrow(
      'A reminder notification needs its step',
    );
    expect(() =>
      renderNotification(input({ kind: 'workflow_cancelled', step: undefined })),
    ).not.toThrow();
  });

  it('is pure: the same input gives the same output', () => {
    expect(renderNotification(spanish({ kind: 'escalation' }))).toEqual(
      renderNotification(spanish({ kind: 'escalation' })),
    );
  });
});
