import { renderDeadlineWithdrawal } from './render-deadline-withdrawal';

const input = (locale: 'en' | 'es') =>
  ({
    kind: 'deadline_withdrawn',
    locale,
    timeZone: 'America/Hermosillo',
    recipientName: 'Ana Ruiz',
    appUrl: 'https://puentes.example.org',
    withdrawal: {
      workflowId: 'c0ffee',
      stepKey: 'cbp-review',
      project: { code: 'OTAY-MESA-EAST', name: { en: 'Otay Mesa East', es: 'Mesa de Otay II' } },
      step: { en: 'CBP operational review', es: 'Revisión operativa de CBP' },
      dueAt: new Date('2026-12-05T01:00:00Z'),
    },
  }) as const;

// What only makes sense in an email, said to a reader already in Puentes ("sign in place of" is a
// delegate's signature, not signing in).
const EMAIL_ONLY =
  /sign in(?! place of)|ingres(ar|e) a Puentes|inicie sesión|this email|este correo|attached|adjunt/i;

describe('renderDeadlineWithdrawal', () => {
  it('names the step, the project and the withdrawn deadline in the reader’s language and zone', () => {
    const en = renderDeadlineWithdrawal(input('en'));
    expect(en.subject).toBe('[OTAY-MESA-EAST] Deadline withdrawn: CBP operational review');
    expect(en.text).toContain('Otay Mesa East (OTAY-MESA-EAST) no longer applies');
    expect(en.text).toContain('December 4, 2026, at 6:00 PM');
    expect(en.text).toContain('https://puentes.example.org/workflows/c0ffee');

    const es = renderDeadlineWithdrawal(input('es'));
    expect(es.subject).toBe('[OTAY-MESA-EAST] Plazo retirado: Revisión operativa de CBP');
    expect(es.text).toContain('Mesa de Otay II (OTAY-MESA-EAST) ya no aplica');
    expect(es.text).not.toMatch(/\b(the|deadline|step|withdrawn)\b/i);
    expect(es.html).toContain('<html lang="es">');
  });

  it('says the same in the email and in the inbox, nothing only an email would say', () => {
    for (const [locale, sentence] of [
      ['en', 'No action is needed.'],
      ['es', 'No se requiere ninguna acción.'],
    ] as const) {
      const { text, inApp } = renderDeadlineWithdrawal(input(locale));
      expect(text).toContain(`\n\n${sentence}\n\n`);
      // The email carries the calendar's CANCEL, and says so.
      expect(text).toMatch(
        /The attached calendar update removes it|La actualización de calendario adjunta lo retira/,
      );
      expect(inApp).not.toMatch(EMAIL_ONLY);
    }
  });

  it('gives the inbox the message alone, without greeting, link or signature', () => {
    expect(renderDeadlineWithdrawal(input('en')).inApp).toBe(
      [
        'The deadline of the step “CBP operational review” of project Otay Mesa East (OTAY-MESA-EAST) no longer applies: the step is no longer waiting on it. If this deadline was in your calendar, it has been withdrawn from it.',
        '',
        'No action is needed.',
        '',
        'Withdrawn deadline: Friday, December 4, 2026, at 6:00 PM Sonora time (UTC−7)',
      ].join('\n'),
    );
    expect(renderDeadlineWithdrawal(input('es')).inApp).toBe(
      [
        'El plazo de la etapa «Revisión operativa de CBP» del proyecto Mesa de Otay II (OTAY-MESA-EAST) ya no aplica: la etapa ya no está sujeta a él. Si este plazo figuraba en su calendario, ya se retiró de él.',
        '',
        'No se requiere ninguna acción.',
        '',
        'Plazo retirado: viernes 4 de diciembre de 2026 a las 18:00 (hora de Hermosillo, UTC−7)',
      ].join('\n'),
    );
  });

  it('says why the deadline no longer applies: what became of the step', () => {
    const withOutcome = (
      locale: 'en' | 'es',
      outcome: 'approved' | 'changes_requested' | 'pending',
    ) =>
      renderDeadlineWithdrawal({
        ...input(locale),
        withdrawal: { ...input(locale).withdrawal, outcome },
      }).inApp;
    expect(withOutcome('en', 'approved')).toContain('no longer applies: the step was approved.');
    expect(withOutcome('es', 'approved')).toContain('ya no aplica: la etapa fue aprobada.');
    expect(withOutcome('en', 'changes_requested')).toContain(
      'no longer applies: changes were requested in the step.',
    );
    expect(withOutcome('es', 'changes_requested')).toContain(
      'ya no aplica: se solicitaron cambios en la etapa.',
    );
    expect(withOutcome('es', 'pending')).toContain(
      'ya no aplica: el flujo volvió a una etapa anterior.',
    );
  });

  it('tells a reader in the app what became of the deadline, not what an email does', () => {
    for (const locale of ['en', 'es'] as const) {
      const { inApp } = renderDeadlineWithdrawal(input(locale));
      expect(inApp).not.toMatch(/email|correo|removes it|lo retira/i);
    }
  });
});
