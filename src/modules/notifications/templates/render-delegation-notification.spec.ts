import { renderDelegationNotification } from './render-delegation-notification';

const delegation = {
  id: 'd1',
  delegatorName: 'Tomás Titular',
  delegateName: 'Sofía Suplente',
  byName: null,
  startsAt: new Date('2026-12-01T17:00:00Z'),
  endsAt: new Date('2026-12-15T17:00:00Z'),
  legalBasis: 'Art. 45 del Reglamento Interior de la SRE',
  reference: 'SRE/DGAJ/123/2026',
};

// What only makes sense in an email, said to a reader already in Puentes ("sign in place of" is a
// delegate's signature, not signing in).
const EMAIL_ONLY =
  /sign in(?! place of)|ingres(ar|e) a Puentes|inicie sesión|this email|este correo|attached|adjunt/i;

/** What each kind tells its reader to expect, in each language: the same in the email and the inbox. */
const NEXT = {
  delegation_created: {
    en: 'While it lasts, the steps waiting on Tomás Titular also appear in Sofía Suplente\'s tasks, marked "on behalf of". Each decision records the delegation and its legal basis.',
    es: 'Mientras dure, las etapas en espera de Tomás Titular aparecen también en las tareas de Sofía Suplente, marcadas "en suplencia de". Cada decisión registra la suplencia y su fundamento.',
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
        const { text, inApp } = renderDelegationNotification({
          kind,
          locale,
          timeZone: 'America/Tijuana',
          recipientName: 'Sofía Suplente',
          delegation,
          appUrl: 'https://puentes.example.org/',
        });
        expect(text).toContain('https://puentes.example.org/profile');
        expect(inApp).not.toMatch(/https?:|Dear |Apreciable |Puentes — /);
        expect(inApp).not.toMatch(EMAIL_ONLY);
        expect(text).toContain(`\n\n${NEXT[kind][locale]}\n\n`);
        expect(inApp).toContain(`\n\n${NEXT[kind][locale]}\n\n`);
      }
    }
  });

  it('writes the in-app body as plain lines, in each language', () => {
    const at = { timeZone: 'America/Tijuana', recipientName: 'Sofía Suplente', delegation };
    expect(
      renderDelegationNotification({ ...at, kind: 'delegation_created', locale: 'es' }).inApp,
    ).toBe(
      [
        'Se registró una suplencia: Sofía Suplente puede firmar en suplencia de Tomás Titular desde el martes 1 de diciembre de 2026 a las 09:00 (hora de Tijuana, UTC−8) hasta el martes 15 de diciembre de 2026 a las 09:00 (hora de Tijuana, UTC−8).',
        '',
        'Mientras dure, las etapas en espera de Tomás Titular aparecen también en las tareas de Sofía Suplente, marcadas "en suplencia de". Cada decisión registra la suplencia y su fundamento.',
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
        'Ana Admin revoked: Sofía Suplente can no longer sign in place of Tomás Titular, as of now.',
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
      delegation,
      appUrl: 'https://puentes.example.org/',
    });
    expect(es.subject).toBe(
      '[Puentes] Suplencia: Sofía Suplente firma en suplencia de Tomás Titular',
    );
    expect(es.text).toContain('Apreciable Sofía Suplente:');
    expect(es.text).toContain('1 de diciembre de 2026 a las 09:00 (hora de Tijuana, UTC−8)');
    expect(es.text).toContain('Fundamento: Art. 45 del Reglamento Interior de la SRE');
    expect(es.text).toContain('Oficio: SRE/DGAJ/123/2026');
    expect(es.text).toContain('https://puentes.example.org/profile');
    expect(es.html).toContain('<html lang="es">');
  });

  it('names the admin who revoked it, in English', () => {
    const en = renderDelegationNotification({
      kind: 'delegation_revoked',
      locale: 'en',
      timeZone: 'America/New_York',
      recipientName: 'Tomás Titular',
      delegation: { ...delegation, byName: 'Ana Admin', reference: null },
    });
    expect(en.subject).toBe(
      '[Puentes] Delegation revoked: Sofía Suplente no longer signs in place of Tomás Titular',
    );
    expect(en.text).toContain('Ana Admin revoked: Sofía Suplente can no longer sign');
    expect(en.text).not.toContain('Reference');
    expect(en.text).not.toMatch(/\b(suplencia|fundamento)\b/i);
  });
});
