import { renderAuditNotification } from './render-audit-notification';

const checkpoint = {
  id: '6f1c2a4e-7b1d-4c55-9a0e-3f2b8c1d0e9a',
  at: new Date('2026-12-01T06:00:00.000Z'),
  root: '3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b',
  workflowCount: 1234,
  keyId: '0123456789abcdef',
  signature: 'A'.repeat(86) + '==',
};

describe('renderAuditNotification', () => {
  it('gives the whole signed record and the way to check it, in English with the reader’s time', () => {
    const text = renderAuditNotification({
      kind: 'audit_checkpoint',
      locale: 'en',
      timeZone: 'America/Phoenix',
      recipientName: 'Ann Lee',
      checkpoint,
      occasion: { kind: 'daily' },
    });
    expect(text.subject).toBe(
      '[Puentes] History checkpoint: root 3a7bd3e2360a… over 1,234 workflows',
    );
    expect(text.text).toContain('Dear Ann Lee,');
    expect(text.text).toContain('Monday, November 30, 2026, at 11:00 PM Arizona time (MST');
    expect(text.text).toContain('(the daily checkpoint)');
    for (const value of [checkpoint.id, checkpoint.root, checkpoint.keyId, checkpoint.signature])
      expect(text.text).toContain(value);
    expect(text.text).toContain('Time (UTC): 2026-12-01T06:00:00.000Z');
    expect(text.text).toContain(
      `GET /api/v1/workflows/<id>/events/export?checkpointId=${checkpoint.id}`,
    );
    expect(text.text).toContain(
      'npm run audit:verify -- --export export.json --public-key key.pem',
    );
    expect(text.html).toContain('<html lang="en">');
  });

  it('speaks Spanish to a Spanish reader and names the plenary it was made for', () => {
    const text = renderAuditNotification({
      kind: 'audit_checkpoint',
      locale: 'es',
      timeZone: 'America/Mexico_City',
      recipientName: 'Ana López',
      checkpoint,
      occasion: {
        kind: 'plenary',
        groupCode: 'SON-AZ',
        meetingTitle: { en: 'December plenary', es: 'Plenaria de diciembre' },
      },
    });
    expect(text.subject).toBe(
      '[Puentes] Punto de control del historial: raíz 3a7bd3e2360a… de 1,234 trámites',
    );
    expect(text.text).toContain('Apreciable Ana López:');
    expect(text.text).toContain(
      'con motivo de la reunión plenaria «Plenaria de diciembre» de SON-AZ',
    );
    expect(text.text).toContain('Raíz de Merkle: ' + checkpoint.root);
    expect(text.text).not.toContain('December plenary');
  });
});
