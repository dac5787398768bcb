import { withAppTag } from './app-tag';
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
  /**
   * Which of the two people reads it: the notice then speaks to them (“you may sign in place
   * of…”, “… may sign in your place”). Null or absent: it names both, as to a third person.
   */
  readonly recipient?: 'delegator' | 'delegate' | null;
  readonly delegation: {
    readonly id: string;
    /** The two people's ids: the notifications module tells by them which one reads it. */
    readonly delegatorId: string;
    readonly delegateId: string;
    readonly delegatorName: string;
    readonly delegateName: string;
    /** Who made or revoked it, when not the delegator (an admin). */
    readonly byName: string | null;
    readonly startsAt: Date;
    readonly endsAt: Date;
    readonly legalBasis: string;
    readonly reference: string | null;
    /**
     * When it was revoked (`delegation_revoked`). At or before `startsAt` it never began: the
     * notice says it was cancelled and will not start, rather than that it stops now.
     */
    readonly revokedAt?: Date | null;
  };
  /**
   * `PUBLIC_URL`: the message links to the delegations page, which every signed-in person may
   * open (as the in-app notice does): their own delegations, given and received (an admin's
   * among all).
   */
  readonly appUrl?: string;
}

/**
 * Renders a delegation notice in the recipient's language, addressed to them: who signs in
 * whose place, from when to when (in the recipient's zone), on which legal basis. The wording
 * is the app's: “in place of” in English, “en suplencia de” in Spanish. A revocation before
 * the start (`revokedAt` ≤ `startsAt`) is told as a cancellation: it will not begin. Pure.
 *
 * @example
 * renderDelegationNotification({ kind: 'delegation_created', locale: 'es', timeZone: 'America/Tijuana',
 *   recipientName: 'Luis', recipient: 'delegate', delegation: { id: 'd1', delegatorId: 'u1',
 *   delegateId: 'u2', delegatorName: 'Ana', delegateName: 'Luis', byName: null,
 *   startsAt: new Date('2026-12-01T16:00:00Z'), endsAt: new Date('2026-12-15T16:00:00Z'),
 *   legalBasis: 'Art. 45 del Reglamento Interior', reference: 'SRE/123/2026' } }).subject;
 * // '[Puentes] Suplencia: usted puede firmar en suplencia de Ana'
 */
export function renderDelegationNotification(
  input: DelegationNotificationInput,
): RenderedNotification {
  return rendered(compose(input));
}

/** The sentences of a notice in one language, for one reader. */
interface Wording {
  subject: string;
  happened: string;
  action: string;
}

interface Parts {
  readonly delegator: string;
  readonly delegate: string;
  readonly by: string | null;
  readonly from: string;
  readonly until: string;
  readonly created: boolean;
  /** Revoked before it began: cancelled, it will not start. */
  readonly cancelled: boolean;
}

// The label My tasks shows on an item a delegate signs in someone's place (`tasks.inPlaceOf`).
const MARK_EN = '“In place of”';
const MARK_ES = '«En suplencia de»';

function english(p: Parts, to: 'delegator' | 'delegate' | null): Wording {
  const { delegator, delegate, by, from, until, created, cancelled } = p;
  // Who signs in whose place, as the reader is told it: “you … in place of X”, “X … in your place”.
  const signer = to === 'delegate' ? 'you' : delegate;
  const inPlace = to === 'delegator' ? 'in your place' : `in place of ${delegator}`;
  const signs = {
    may: `${signer} may sign ${inPlace}`,
    noLonger: `${signer} ${to === 'delegate' ? 'no longer sign' : 'no longer signs'} ${inPlace}`,
    cannot: `${signer} can no longer sign ${inPlace}`,
    willNot: `${signer} will not sign ${inPlace}`,
  };
  const who = (done: string, passive: string) =>
    by ? `${by} ${done}` : to === 'delegator' ? `You ${done}` : passive;
  if (!created && cancelled)
    return {
      subject: `Delegation cancelled: ${signs.willNot}`,
      happened: `${who('cancelled the delegation before it began', 'The delegation was cancelled before it began')}: it will not start, and ${signs.willNot}.`,
      action: 'No further action is needed.',
    };
  if (!created)
    return {
      subject: `Delegation revoked: ${signs.noLonger}`,
      happened: `${who('revoked the delegation', 'The delegation was revoked')}: ${signs.cannot}, as of now.`,
      action: 'No further action is needed.',
    };
  return {
    subject: `Delegation: ${signs.may}`,
    happened: `${who('recorded a delegation', 'A delegation was recorded')}: ${signs.may} from ${from} until ${until}.`,
    action:
      to === 'delegate'
        ? `While it lasts, the steps waiting on ${delegator} also appear in your tasks, marked ${MARK_EN}. Each decision you give there records the delegation and its legal basis.`
        : to === 'delegator'
          ? `While it lasts, the steps waiting on your decision also appear in ${delegate}’s tasks, marked ${MARK_EN}. Each decision ${delegate} gives in your place records the delegation and its legal basis, and you are told of it.`
          : `While it lasts, the steps waiting on ${delegator} also appear in ${delegate}’s tasks, marked ${MARK_EN}. Each decision records the delegation and its legal basis.`,
  };
}

function spanish(p: Parts, to: 'delegator' | 'delegate' | null): Wording {
  const { delegator, delegate, by, from, until, created, cancelled } = p;
  // “usted … en suplencia de X”, “X … en su suplencia”.
  const signer = to === 'delegate' ? 'usted' : delegate;
  const inPlace = to === 'delegator' ? 'en su suplencia' : `en suplencia de ${delegator}`;
  const signs = {
    may: `${signer} puede firmar ${inPlace}`,
    noLonger: `${signer} ya no firma ${inPlace}`,
    cannot: `${signer} ya no puede firmar ${inPlace}`,
    willNot: `${signer} no firmará ${inPlace}`,
  };
  const who = (done: string, passive: string) =>
    by ? `${by} ${done}` : to === 'delegator' ? `Usted ${done}` : passive;
  if (!created && cancelled)
    return {
      subject: `Suplencia cancelada: ${signs.willNot}`,
      happened: `${who('canceló la suplencia antes de su inicio', 'Se canceló la suplencia antes de su inicio')}: no llegará a comenzar y ${signs.willNot}.`,
      action: 'No se requiere ninguna acción adicional.',
    };
  if (!created)
    return {
      subject: `Suplencia revocada: ${signs.noLonger}`,
      happened: `${who('revocó la suplencia', 'Se revocó la suplencia')}: ${signs.cannot}, a partir de este momento.`,
      action: 'No se requiere ninguna acción adicional.',
    };
  return {
    subject: `Suplencia: ${signs.may}`,
    happened: `${who('registró una suplencia', 'Se registró una suplencia')}: ${signs.may} desde el ${from} hasta el ${until}.`,
    action:
      to === 'delegate'
        ? `Mientras dure, las etapas en espera de ${delegator} aparecen también en sus tareas, marcadas ${MARK_ES}. Cada decisión que usted emita registra la suplencia y su fundamento.`
        : to === 'delegator'
          ? `Mientras dure, las etapas que esperan su decisión aparecen también en las tareas de ${delegate}, marcadas ${MARK_ES}. Cada decisión que ${delegate} emita en su suplencia registra la suplencia y su fundamento, y usted recibirá aviso de ella.`
          : `Mientras dure, las etapas en espera de ${delegator} aparecen también en las tareas de ${delegate}, marcadas ${MARK_ES}. Cada decisión registra la suplencia y su fundamento.`,
  };
}

function compose(input: DelegationNotificationInput): Message {
  const { locale, delegation: d, kind } = input;
  const en = locale === 'en';
  const copy = NOTIFICATION_COPY[locale];
  const from = formatInstant(d.startsAt, input.timeZone, locale).long;
  const until = formatInstant(d.endsAt, input.timeZone, locale).long;
  const parts: Parts = {
    delegator: oneLine(d.delegatorName),
    delegate: oneLine(d.delegateName),
    by: d.byName ? oneLine(d.byName) : null,
    from,
    until,
    created: kind === 'delegation_created',
    cancelled:
      kind === 'delegation_revoked' &&
      !!d.revokedAt &&
      d.revokedAt.getTime() <= d.startsAt.getTime(),
  };
  const { subject, happened, action } = (en ? english : spanish)(parts, input.recipient ?? null);
  const facts = [
    { label: en ? 'From' : 'Desde', value: from },
    { label: en ? 'Until' : 'Hasta', value: until },
    { label: en ? 'Legal basis' : 'Fundamento', value: oneLine(d.legalBasis) },
    ...(d.reference ? [{ label: en ? 'Reference' : 'Oficio', value: oneLine(d.reference) }] : []),
  ];
  const appUrl = input.appUrl?.trim().replace(/\/+$/, '');
  return {
    locale,
    subject: oneLine(withAppTag(subject)),
    greeting: copy.greeting(oneLine(input.recipientName)),
    happened,
    action,
    facts,
    comment: null,
    link: appUrl
      ? {
          label: en ? 'See your delegations in Puentes' : 'Consultar sus suplencias en Puentes',
          url: `${appUrl}/delegations`,
        }
      : null,
    signature: copy.signature,
  };
}
