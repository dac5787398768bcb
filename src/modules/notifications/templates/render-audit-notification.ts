import { withAppTag } from './app-tag';
import { formatInstant } from './format-instant';
import { NOTIFICATION_COPY } from './notification-copy';
import type {
  AuditNotificationKind,
  LocalizedText,
  NotificationLocale,
} from './notification-kinds';
import { type Message, oneLine, rendered, type RenderedNotification } from './render-notification';

/** A notice that the service sealed every workflow's history in a signed checkpoint. */
export interface AuditNotificationInput {
  readonly kind: AuditNotificationKind;
  readonly locale: NotificationLocale;
  /** The recipient's IANA time zone: the checkpoint's time is shown there (and in UTC). */
  readonly timeZone: string;
  readonly recipientName: string;
  readonly checkpoint: {
    readonly id: string;
    readonly at: Date;
    /** Merkle root, 64 hex characters. */
    readonly root: string;
    readonly workflowCount: number;
    readonly keyId: string;
    /** Ed25519 signature, base64. */
    readonly signature: string;
  };
  /** Why it was made: the daily one, a plenary meeting's, or an admin's request. */
  readonly occasion:
    | { readonly kind: 'daily' | 'manual' }
    | {
        readonly kind: 'plenary';
        readonly groupCode: string;
        readonly meetingTitle: LocalizedText;
      };
}

/**
 * Returns a checkpoint notice rendered for the email and the inbox, in the recipient's language.
 * Its facts are the whole signed checkpoint record (id, UTC time, key, root, count, signature),
 * so the email alone is the copy an auditor compares with; it says how to check a workflow
 * against it, and the inbox points to that email copy. Pure.
 *
 * @example
 * renderAuditNotification({ kind: 'audit_checkpoint', locale: 'en', timeZone: 'UTC',
 *   recipientName: 'Ann', occasion: { kind: 'daily' },
 *   checkpoint: { id: 'c1', at: new Date('2026-12-01T06:00:00Z'), root: 'ab'.repeat(32),
 *                 workflowCount: 3, keyId: '0123456789abcdef', signature: '…' } }).subject;
 * // '[Puentes] History checkpoint: root abababababab… over 3 workflows'
 */
export function renderAuditNotification(input: AuditNotificationInput): RenderedNotification {
  return rendered(compose(input));
}

function compose(input: AuditNotificationInput): Message {
  const { locale, checkpoint: cp, occasion } = input;
  const en = locale === 'en';
  const when = formatInstant(cp.at, input.timeZone, locale);
  const root = `${cp.root.slice(0, 12)}…`;
  const count = cp.workflowCount.toLocaleString(en ? 'en-US' : 'es-MX');
  const why =
    occasion.kind === 'plenary'
      ? en
        ? ` for the plenary meeting "${oneLine(occasion.meetingTitle.en)}" of ${oneLine(occasion.groupCode)}`
        : ` con motivo de la reunión plenaria «${oneLine(occasion.meetingTitle.es)}» de ${oneLine(occasion.groupCode)}`
      : occasion.kind === 'daily'
        ? en
          ? ' (the daily checkpoint)'
          : ' (el punto de control diario)'
        : en
          ? ' at the request of an administrator'
          : ' a solicitud de una persona administradora';
  const exportPath = `/api/v1/workflows/<id>/events/export?checkpointId=${cp.id}`;
  const checkpointPath = `/api/v1/audit/checkpoints/${cp.id}`;
  const command =
    'npm run audit:verify -- --export export.json --public-key key.pem --checkpoint checkpoint.json';
  const sealed = en
    ? `On ${when.long}, Puentes sealed the history of ${count} workflows${why}: the root below covers the signed last event of every workflow, and the service signed it with its key.`
    : `El ${when.long}, Puentes selló el historial de ${count} trámites${why}: la raíz que aparece abajo abarca el último evento firmado de cada trámite, y el servicio la firmó con su llave.`;
  const check = en
    ? `To check a workflow against it, download its history (GET ${exportPath}), this checkpoint (GET ${checkpointPath}) and the service's public key (GET /api/v1/audit/public-key), then run: ${command}.`
    : `Para verificar un trámite contra él, descargue su historial (GET ${exportPath}), este punto de control (GET ${checkpointPath}) y la llave pública del servicio (GET /api/v1/audit/public-key), y ejecute: ${command}.`;
  // The inbox is in the database: the email is the copy out of its reach, so the inbox sends the
  // reader to that copy where the email says "this email".
  const keep = en
    ? {
        email:
          'Please keep this email. It is your own copy of the checkpoint, out of reach of anyone who can change the database: a history rewritten after today will no longer match it.',
        inbox:
          'Keep the copy of this checkpoint you received by email: it is out of reach of anyone who can change the database, and a history rewritten after today will no longer match it.',
      }
    : {
        email:
          'Le solicitamos conservar este correo. Es su propia copia del punto de control, fuera del alcance de quien pueda modificar la base de datos: un historial reescrito después de hoy ya no coincidirá con ella.',
        inbox:
          'Conserve la copia de este punto de control que recibió por correo electrónico: está fuera del alcance de quien pueda modificar la base de datos, y un historial reescrito después de hoy ya no coincidirá con ella.',
      };
  const match = en
    ? {
        email: 'It must end in "OK", and the root it prints must be the one in this email.',
        inbox:
          'It must end in "OK", and the root it prints must be the one in the copy you received by email.',
      }
    : {
        email: 'Debe terminar en «OK», y la raíz que muestre debe ser la de este correo.',
        inbox:
          'Debe terminar en «OK», y la raíz que muestre debe ser la de la copia que recibió por correo electrónico.',
      };

  return {
    locale,
    greeting: NOTIFICATION_COPY[locale].greeting(oneLine(input.recipientName)),
    subject: withAppTag(
      en
        ? `History checkpoint: root ${root} over ${count} workflows`
        : `Punto de control del historial: raíz ${root} de ${count} trámites`,
    ),
    happened: `${sealed} ${keep.email}`,
    action: `${check} ${match.email}`,
    inbox: { happened: `${sealed} ${keep.inbox}`, action: `${check} ${match.inbox}` },
    facts: [
      { label: en ? 'Checkpoint ID' : 'Folio del punto de control', value: cp.id },
      { label: en ? 'Time' : 'Fecha y hora', value: when.long },
      { label: en ? 'Time (UTC)' : 'Fecha y hora (UTC)', value: cp.at.toISOString() },
      { label: en ? 'Workflows' : 'Trámites', value: String(cp.workflowCount) },
      { label: en ? 'Merkle root' : 'Raíz de Merkle', value: cp.root },
      { label: en ? 'Signing key ID' : 'Identificador de la llave', value: cp.keyId },
      { label: en ? 'Signature (Ed25519)' : 'Firma (Ed25519)', value: cp.signature },
    ],
    comment: null,
    link: null,
    signature: NOTIFICATION_COPY[locale].signature,
  };
}
