import { formatInstant } from './format-instant';
import { NOTIFICATION_COPY } from './notification-copy';
import type { DelegationNotificationKind, NotificationLocale } from './notification-kinds';
import { type Message, oneLine, rendered, type RenderedNotification } from './render-notification';

/** A notice that a delegation (suplencia) was made or revoked, to its delegator and delegate. */
export interface DelegationNotificationInput {
  readonly kind: DelegationNotificationKind;
  readonly locale: NotificationLocale;
  /** The recipient's IANA time zone: the window is shown there, with the zone named. */
  readonly timeZone: string;
  readonly recipientName: string;
  readonly delegation: {
    readonly id: string;
    readonly delegatorName: string;
    readonly delegateName: string;
    /** Who made or revoked it, when not the delegator (an admin). */
    readonly byName: string | null;
    readonly startsAt: Date;
    readonly endsAt: Date;
    readonly legalBasis: string;
    readonly reference: string | null;
  };
  /** `PUBLIC_URL`: the message links to the profile page, where delegations are listed. */
  readonly appUrl?: string;
}

/**
 * Renders a delegation notice in the recipient's language: who signs in whose place, from when
 * to when (in the recipient's zone), on which legal basis. Pure.
 *
 * @example
 * renderDelegationNotification({ kind: 'delegation_created', locale: 'es', timeZone: 'America/Tijuana',
 *   recipientName: 'Ana', delegation: { id: 'd1', delegatorName: 'Ana', delegateName: 'Luis',
 *   byName: null, startsAt: new Date('2026-12-01T16:00:00Z'), endsAt: new Date('2026-12-15T16:00:00Z'),
 *   legalBasis: 'Art. 45 del Reglamento Interior', reference: 'SRE/123/2026' } }).subject;
 * // '[Puentes] Suplencia: Luis firma en suplencia de Ana'
 */
export function renderDelegationNotification(
  input: DelegationNotificationInput,
): RenderedNotification {
  return rendered(compose(input));
}

function compose(input: DelegationNotificationInput): Message {
  const { locale, delegation: d, kind } = input;
  const en = locale === 'en';
  const copy = NOTIFICATION_COPY[locale];
  const delegator = oneLine(d.delegatorName);
  const delegate = oneLine(d.delegateName);
  const by = d.byName ? oneLine(d.byName) : null;
  const from = formatInstant(d.startsAt, input.timeZone, locale).long;
  const until = formatInstant(d.endsAt, input.timeZone, locale).long;
  const created = kind === 'delegation_created';
  const subject = en
    ? created
      ? `Delegation: ${delegate} signs in place of ${delegator}`
      : `Delegation revoked: ${delegate} no longer signs in place of ${delegator}`
    : created
      ? `Suplencia: ${delegate} firma en suplencia de ${delegator}`
      : `Suplencia revocada: ${delegate} ya no firma en suplencia de ${delegator}`;
  const happened = en
    ? created
      ? `${by ? `${by} recorded` : 'A delegation was recorded'}: ${delegate} may sign in place of ${delegator} from ${from} until ${until}.`
      : `${by ? `${by} revoked` : 'The delegation was revoked'}: ${delegate} can no longer sign in place of ${delegator}, as of now.`
    : created
      ? `${by ? `${by} registró` : 'Se registró'} una suplencia: ${delegate} puede firmar en suplencia de ${delegator} desde el ${from} hasta el ${until}.`
      : `${by ? `${by} revocó` : 'Se revocó'} la suplencia: ${delegate} ya no puede firmar en suplencia de ${delegator}, a partir de este momento.`;
  const action = en
    ? created
      ? `While it lasts, the steps waiting on ${delegator} also appear in ${delegate}'s tasks, marked "on behalf of". Each decision records the delegation and its legal basis.`
      : 'No further action is needed.'
    : created
      ? `Mientras dure, las etapas en espera de ${delegator} aparecen también en las tareas de ${delegate}, marcadas "en suplencia de". Cada decisión registra la suplencia y su fundamento.`
      : 'No se requiere ninguna acción adicional.';
  const facts = [
    { label: en ? 'From' : 'Desde', value: from },
    { label: en ? 'Until' : 'Hasta', value: until },
    { label: en ? 'Legal basis' : 'Fundamento', value: oneLine(d.legalBasis) },
    ...(d.reference ? [{ label: en ? 'Reference' : 'Oficio', value: oneLine(d.reference) }] : []),
  ];
  const appUrl = input.appUrl?.trim().replace(/\/+$/, '');
  return {
    locale,
    subject: oneLine(`[Puentes] ${subject}`),
    greeting: copy.greeting(oneLine(input.recipientName)),
    happened,
    action,
    facts,
    comment: null,
    link: appUrl
      ? {
          label: en ? 'See your delegations in Puentes' : 'Consultar sus suplencias en Puentes',
          url: `${appUrl}/profile`,
        }
      : null,
    signature: copy.signature,
  };
}
