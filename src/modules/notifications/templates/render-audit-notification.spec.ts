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

  it('gives the inbox the whole record without greeting or signature, in each language', () => {
    const at = { kind: 'audit_checkpoint', checkpoint, occasion: { kind: 'daily' } } as const;
    const en = renderAuditNotification({
      ...at,
      locale: 'en',
      timeZone: 'America/Phoenix',
      recipientName: 'Ann Lee',
    }).inApp;
    const es = renderAuditNotification({
      ...at,
      locale: 'es',
      timeZone: 'America/Mexico_City',
      recipientName: 'Ana López',
    }).inApp;
    const verify = (get: string) =>
      `${get} (GET /api/v1/workflows/<id>/events/export?checkpointId=${checkpoint.id})`;
    const command =
      'npm run audit:verify -- --export export.json --public-key key.pem --checkpoint checkpoint.json';
    expect(en).toBe(
      [
        'On Monday, November 30, 2026, at 11:00 PM Arizona time (MST, UTC−7), Puentes sealed the history of 1,234 workflows (the daily checkpoint): the root below covers the signed last event of every workflow, and the service signed it with its key. Keep the copy of this checkpoint you received by email: it is out of reach of anyone who can change the database, and a history rewritten after today will no longer match it.',
        '',
        `To check a workflow against it, ${verify('download its history')}, this checkpoint (GET /api/v1/audit/checkpoints/${checkpoint.id}) and the service's public key (GET /api/v1/audit/public-key), then run: ${command}. It must end in "OK", and the root it prints must be the one in the copy you received by email.`,
        '',
        `Checkpoint ID: ${checkpoint.id}`,
        'Time: Monday, November 30, 2026, at 11:00 PM Arizona time (MST, UTC−7)',
        'Time (UTC): 2026-12-01T06:00:00.000Z',
        'Workflows: 1234',
        `Merkle root: ${checkpoint.root}`,
        'Signing key ID: 0123456789abcdef',
        `Signature (Ed25519): ${checkpoint.signature}`,
      ].join('\n'),
    );
    expect(es).toBe(
      [
        'El martes 1 de diciembre de 2026 a las 00:00 (hora del Centro de México, UTC−6), Puentes selló el historial de 1,234 trámites (el punto de control diario): la raíz que aparece abajo abarca el último evento firmado de cada trámite, y el servicio la firmó con su llave. Conserve la copia de este punto de control que recibió por correo electrónico: está fuera del alcance de quien pueda modificar la base de datos, y un historial reescrito después de hoy ya no coincidirá con ella.',
        '',
        `Para verificar un trámite contra él, ${verify('descargue su historial')}, este punto de control (GET /api/v1/audit/checkpoints/${checkpoint.id}) y la llave pública del servicio (GET /api/v1/audit/public-key), y ejecute: ${command}. Debe terminar en «OK», y la raíz que muestre debe ser la de la copia que recibió por correo electrónico.`,
        '',
        `Folio del punto de control: ${checkpoint.id}`,
        'Fecha y hora: martes 1 de diciembre de 2026 a las 00:00 (hora del Centro de México, UTC−6)',
        'Fecha y hora (UTC): 2026-12-01T06:00:00.000Z',
        'Trámites: 1234',
        `Raíz de Merkle: ${checkpoint.root}`,
        'Identificador de la llave: 0123456789abcdef',
        `Firma (Ed25519): ${checkpoint.signature}`,
      ].join('\n'),
    );
    for (const inApp of [en, es]) expect(inApp).not.toMatch(/https?:|Ann Lee|Ana López|Puentes — /);
  });

  it.each([
    [
      'en',
      'Please keep this email. It is your own copy of the checkpoint, out of reach of anyone who can change the database: a history rewritten after today will no longer match it.',
      'It must end in "OK", and the root it prints must be the one in this email.',
    ],
    [
      'es',
      'Le solicitamos conservar este correo. Es su propia copia del punto de control, fuera del alcance de quien pueda modificar la base de datos: un historial reescrito después de hoy ya no coincidirá con ella.',
      'Debe terminar en «OK», y la raíz que muestre debe ser la de este correo.',
    ],
  ] as const)(
    'asks (%s) to keep the email and compare with it in the email only, whatever the occasion',
    (locale, keep, compare) => {
      for (const kind of ['daily', 'manual', 'plenary'] as const) {
        const rendered = renderAuditNotification({
          kind: 'audit_checkpoint',
          locale,
          timeZone: 'America/Tijuana',
          recipientName: 'Ann Lee',
          checkpoint,
          occasion:
            kind === 'plenary'
              ? { kind, groupCode: 'SON-AZ', meetingTitle: { en: 'Plenary', es: 'Plenaria' } }
              : { kind },
        });
        expect(rendered.text).toContain(`. ${keep}\n\n`);
        expect(rendered.text).toContain(`. ${compare}\n\n`);
        expect(rendered.inApp).not.toMatch(
          /sign in(?! place of)|ingres(ar|e) a Puentes|inicie sesión|this email|este correo|attached|adjunt/i,
        );
        // The root and the way to check it stay in the inbox.
        expect(rendered.inApp).toContain(checkpoint.root);
        expect(rendered.inApp).toContain('npm run audit:verify');
      }
    },
  );
});
