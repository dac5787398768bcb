import { renderDelegationNotification } from './render-delegation-notification';

const delegation = {
  id: 'd1',
  delegatorId: 'tomas',
  delegateId: 'sofia',
  delegatorName: 'Tomás Titular',
  delegateName: 'Sofía Suplente',
  byName: null,
  startsAt: new Date('2026-12-01T17:00:00Z'),
  endsAt: new Date('2026-12-15T17:00:00Z'),
  legalBasis: 'Art. 45 del Reglamento Interior de la SRE',
  reference: 'SRE/DGAJ/123/2026',
};

// What only makes sense in an email, said to a reader already in Puentes ("sign in place of",
// "sign in your place" are a delegate's signature, not signing in).
const EMAIL_ONLY =
  /sign in(?! (place of|your place))|ingres(ar|e) a Puentes|inicie sesión|this email|este correo|attached|adjunt/i;

/** What each kind tells the delegate to expect, in each language: the same in the email and the inbox. */
const NEXT = {
  delegation_created: {
    en: 'While it lasts, the steps waiting on Tomás Titular also appear in your tasks, marked “In place of”. Each decision you give there records the delegation and its legal basis.',
    es: 'Mientras dure, las etapas en espera de Tomás Titular aparecen también en sus tareas, marcadas «En suplencia de». Cada decisión que usted emita registra la suplencia y su fundamento.',
  },
  delegation_revoked: {
    en: 'No further action is needed.',
    es: 'No se requiere ninguna acción adicional.',
  },
} as const;

describe('renderDelegationNotification', () => {
  it('gives the inbox the message alone: no greeting, link or signature', () => {
    for (const locale of ['en', 'es'] as const) {
      for (const kind of ['delegation_created', 'delegation_revoked'] as const) {
        for (const recipient of ['delegate', 'delegator', null] as const) {
          const { text, inApp } = renderDelegationNotification({
            kind,
            locale,
            timeZone: 'America/Tijuana',
            recipientName: 'Sofía Suplente',
            recipient,
            delegation,
            appUrl: 'https://puentes.example.org/',
          });
          expect(text).toContain('https://puentes.example.org/delegations');
          expect(inApp).not.toMatch(/https?:|Dear |Apreciable |Puentes — /);
          expect(inApp).not.toMatch(EMAIL_ONLY);
          if (recipient === 'delegate') {
            expect(text).toContain(`\n\n${NEXT[kind][locale]}\n\n`);
            expect(inApp).toContain(`\n\n${NEXT[kind][locale]}\n\n`);
          }
        }
      }
    }
  });

  it('writes the in-app body as plain lines, in each language', () => {
    const at = {
      timeZone: 'America/Tijuana',
      recipientName: 'Sofía Suplente',
      recipient: 'delegate' as const,
      delegation,
    };
    expect(
      renderDelegationNotification({ ...at, kind: 'delegation_created', locale: 'es' }).inApp,
    ).toBe(
      [
        'Se registró una suplencia: usted puede firmar en suplencia de Tomás Titular desde el martes 1 de diciembre de 2026 a las 09:00 (hora de Tijuana, UTC−8) hasta el martes 15 de diciembre de 2026 a las 09:00 (hora de Tijuana, UTC−8).',
        '',
        'Mientras dure, las etapas en espera de Tomás Titular aparecen también en sus tareas, marcadas «En suplencia de». Cada decisión que usted emita registra la suplencia y su fundamento.',
        '',
        'Desde: martes 1 de diciembre de 2026 a las 09:00 (hora de Tijuana, UTC−8)',
        'Hasta: martes 15 de diciembre de 2026 a las 09:00 (hora de Tijuana, UTC−8)',
        'Fundamento: Art. 45 del Reglamento Interior de la SRE',
        'Oficio: SRE/DGAJ/123/2026',
      ].join('\n'),
    );
    expect(
      renderDelegationNotification({
        ...at,
        kind: 'delegation_revoked',
        locale: 'en',
        timeZone: 'America/New_York',
        delegation: { ...delegation, byName: 'Ana Admin', reference: null },
      }).inApp,
    ).toBe(
      [
        'Ana Admin revoked the delegation: you can no longer sign in place of Tomás Titular, as of now.',
        '',
        'No further action is needed.',
        '',
        'From: Tuesday, December 1, 2026, at 12:00 PM EST (UTC−5)',
        'Until: Tuesday, December 15, 2026, at 12:00 PM EST (UTC−5)',
        'Legal basis: Art. 45 del Reglamento Interior de la SRE',
      ].join('\n'),
    );
  });

  it('says who signs in whose place, when (in the reader’s zone) and on which basis, in Spanish', () => {
    const es = renderDelegationNotification({
      kind: 'delegation_created',
      locale: 'es',
      timeZone: 'America/Tijuana',
      recipientName: 'Sofía Suplente',
      recipient: 'delegate',
      delegation,
      appUrl: 'https://puentes.example.org/',
    });
    expect(es.subject).toBe(
      '[Puentes] Suplencia: usted puede firmar en suplencia de Tomás Titular',
    );
    expect(es.text).toContain('Apreciable Sofía Suplente:');
    expect(es.text).toContain('1 de diciembre de 2026 a las 09:00 (hora de Tijuana, UTC−8)');
    expect(es.text).toContain('Fundamento: Art. 45 del Reglamento Interior de la SRE');
    expect(es.text).toContain('Oficio: SRE/DGAJ/123/2026');
    expect(es.text).toContain('https://puentes.example.org/delegations');
    expect(es.html).toContain('<html lang="es">');
  });

  it('names the admin who revoked it, in English', () => {
    const en = renderDelegationNotification({
      kind: 'delegation_revoked',
      locale: 'en',
      timeZone: 'America/New_York',
      recipientName: 'Tomás Titular',
      recipient: 'delegator',
      delegation: { ...delegation, byName: 'Ana Admin', reference: null },
    });
    expect(en.subject).toBe(
      '[Puentes] Delegation revoked: Sofía Suplente no longer signs in your place',
    );
    expect(en.text).toContain(
      'Ana Admin revoked the delegation: Sofía Suplente can no longer sign in your place, as of now.',
    );
    expect(en.text).not.toContain('Reference');
    expect(en.text).not.toMatch(/\b(suplencia|fundamento)\b/i);
  });

  it('speaks to each reader in the second person, with the app’s words, in each language', () => {
    const made = (locale: 'en' | 'es', recipient: 'delegator' | 'delegate') =>
      renderDelegationNotification({
        kind: 'delegation_created',
        locale,
        timeZone: 'America/Tijuana',
        recipientName: recipient === 'delegate' ? 'Sofía Suplente' : 'Tomás Titular',
        recipient,
        delegation,
      });
    const window =
      'from Tuesday, December 1, 2026, at 9:00 AM PST (UTC−8) until Tuesday, December 15, 2026, at 9:00 AM PST (UTC−8).';
    const ventana =
      'desde el martes 1 de diciembre de 2026 a las 09:00 (hora de Tijuana, UTC−8) hasta el martes 15 de diciembre de 2026 a las 09:00 (hora de Tijuana, UTC−8).';

    // To the delegate: “you may sign in place of…”, never the delegate in the third person.
    const toDelegate = made('en', 'delegate');
    expect(toDelegate.subject).toBe('[Puentes] Delegation: you may sign in place of Tomás Titular');
    expect(toDelegate.inApp).toContain(
      `A delegation was recorded: you may sign in place of Tomás Titular ${window}`,
    );
    const aSuplente = made('es', 'delegate');
    expect(aSuplente.subject).toBe(
      '[Puentes] Suplencia: usted puede firmar en suplencia de Tomás Titular',
    );
    expect(aSuplente.inApp).toContain(
      `Se registró una suplencia: usted puede firmar en suplencia de Tomás Titular ${ventana}`,
    );

    // To the delegator, who recorded it: “you recorded…”, the substitute “in your place”.
    const toDelegator = made('en', 'delegator');
    expect(toDelegator.subject).toBe('[Puentes] Delegation: Sofía Suplente may sign in your place');
    expect(toDelegator.inApp).toContain(
      `You recorded a delegation: Sofía Suplente may sign in your place ${window}`,
    );
    expect(toDelegator.inApp).toContain(
      'While it lasts, the steps waiting on your decision also appear in Sofía Suplente’s tasks, marked “In place of”. Each decision Sofía Suplente gives in your place records the delegation and its legal basis, and you are told of it.',
    );
    const aTitular = made('es', 'delegator');
    expect(aTitular.subject).toBe(
      '[Puentes] Suplencia: Sofía Suplente puede firmar en su suplencia',
    );
    expect(aTitular.inApp).toContain(
      `Usted registró una suplencia: Sofía Suplente puede firmar en su suplencia ${ventana}`,
    );
    expect(aTitular.inApp).toContain(
      'Mientras dure, las etapas que esperan su decisión aparecen también en las tareas de Sofía Suplente, marcadas «En suplencia de». Cada decisión que Sofía Suplente emita en su suplencia registra la suplencia y su fundamento, y usted recibirá aviso de ella.',
    );

    // One voice: “in place of” and “en suplencia de”, quoted typographically, never the old words.
    for (const notice of [toDelegate, toDelegator]) {
      expect(notice.text).not.toMatch(/on behalf of|as delegate of|"/i);
      expect(notice.text).not.toMatch(/\b(suplencia|fundamento)\b/i);
    }
    for (const notice of [aSuplente, aTitular])
      expect(notice.text).not.toMatch(/en nombre de|a nombre de|en lugar de|"/i);

    // Revoked, to each: the same voice.
    const revoked = (locale: 'en' | 'es', recipient: 'delegator' | 'delegate') =>
      renderDelegationNotification({
        kind: 'delegation_revoked',
        locale,
        timeZone: 'America/Tijuana',
        recipientName: 'X',
        recipient,
        delegation,
      });
    expect(revoked('en', 'delegate').inApp).toContain(
      'The delegation was revoked: you can no longer sign in place of Tomás Titular, as of now.',
    );
    expect(revoked('en', 'delegator').inApp).toContain(
      'You revoked the delegation: Sofía Suplente can no longer sign in your place, as of now.',
    );
    expect(revoked('es', 'delegate').subject).toBe(
      '[Puentes] Suplencia revocada: usted ya no firma en suplencia de Tomás Titular',
    );
    expect(revoked('es', 'delegate').inApp).toContain(
      'Se revocó la suplencia: usted ya no puede firmar en suplencia de Tomás Titular, a partir de este momento.',
    );
    expect(revoked('es', 'delegator').inApp).toContain(
      'Usted revocó la suplencia: Sofía Suplente ya no puede firmar en su suplencia, a partir de este momento.',
    );
  });

  it('tells one revoked once in force as revoked, as of now', () => {
    const notice = renderDelegationNotification({
      kind: 'delegation_revoked',
      locale: 'en',
      timeZone: 'America/Tijuana',
      recipientName: 'Sofía',
      recipient: 'delegate',
      delegation: { ...delegation, revokedAt: new Date('2026-12-05T17:00:00Z') },
    });
    expect(notice.subject).toBe(
      '[Puentes] Delegation revoked: you no longer sign in place of Tomás Titular',
    );
    expect(notice.inApp).toContain(
      'The delegation was revoked: you can no longer sign in place of Tomás Titular, as of now.',
    );
  });

  it('tells one revoked before (or at) its start as cancelled: it will not begin, in each language', () => {
    const cancelled = (
      locale: 'en' | 'es',
      recipient: 'delegator' | 'delegate',
      revokedAt: Date,
      byName: string | null = null,
    ) =>
      renderDelegationNotification({
        kind: 'delegation_revoked',
        locale,
        timeZone: 'America/Tijuana',
        recipientName: 'X',
        recipient,
        delegation: { ...delegation, byName, revokedAt },
      });
    const before = new Date('2026-11-30T20:00:00Z');
    const en = cancelled('en', 'delegate', before);
    expect(en.subject).toBe(
      '[Puentes] Delegation cancelled: you will not sign in place of Tomás Titular',
    );
    expect(en.inApp).toContain(
      'The delegation was cancelled before it began: it will not start, and you will not sign in place of Tomás Titular.',
    );
    expect(cancelled('en', 'delegator', before).inApp).toContain(
      'You cancelled the delegation before it began: it will not start, and Sofía Suplente will not sign in your place.',
    );
    expect(cancelled('en', 'delegator', before, 'Ana Admin').subject).toBe(
      '[Puentes] Delegation cancelled: Sofía Suplente will not sign in your place',
    );
    expect(cancelled('en', 'delegator', before, 'Ana Admin').inApp).toContain(
      'Ana Admin cancelled the delegation before it began: it will not start, and Sofía Suplente will not sign in your place.',
    );
    const es = cancelled('es', 'delegate', before);
    expect(es.subject).toBe(
      '[Puentes] Suplencia cancelada: usted no firmará en suplencia de Tomás Titular',
    );
    expect(es.inApp).toContain(
      'Se canceló la suplencia antes de su inicio: no llegará a comenzar y usted no firmará en suplencia de Tomás Titular.',
    );
    expect(cancelled('es', 'delegator', before).inApp).toContain(
      'Usted canceló la suplencia antes de su inicio: no llegará a comenzar y Sofía Suplente no firmará en su suplencia.',
    );
    // At its very start it had not lent anything yet ([startsAt, revokedAt) is empty).
    expect(cancelled('es', 'delegate', delegation.startsAt).subject).toContain(
      'Suplencia cancelada',
    );
    // Never the words of one that stops now, in the email or the inbox.
    for (const notice of [
      en,
      es,
      cancelled('en', 'delegator', before),
      cancelled('es', 'delegator', before),
    ]) {
      for (const text of [notice.subject, notice.text, notice.html, notice.inApp])
        expect(text).not.toMatch(
          /as of now|a partir de este momento|revoked|revoc|no longer|ya no/i,
        );
    }
  });
});
