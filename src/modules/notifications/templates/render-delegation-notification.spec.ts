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

describe('renderDelegationNotification', () => {
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
