import { DateTime } from 'luxon';
import { formatInstant } from './format-instant';
import { actionItemsUrl } from './links';
import { NOTIFICATION_COPY } from './notification-copy';
import type {
  ActionItemNotificationKind,
  LocalizedText,
  NotificationLocale,
} from './notification-kinds';
import { type Message, oneLine, rendered, type RenderedNotification } from './render-notification';

/**
 * A notification about an action item of a technical group: assigned, its due date changed,
 * reminder, overdue.
 */
export interface ActionItemNotificationInput {
  readonly kind: ActionItemNotificationKind;
  readonly locale: NotificationLocale;
  /** The recipient's IANA time zone: the deadline is shown there. */
  readonly timeZone: string;
  readonly recipientName: string;
  readonly group: { readonly code: string; readonly name: LocalizedText };
  readonly actionItem: {
    readonly id: string;
    readonly title: LocalizedText;
    /** The agency that owes it (its code). */
    readonly ownerAgency: string;
    /** 18:00 on the due date in the owner agency's zone. */
    readonly dueAt: Date;
    /** The meeting that agreed it. */
    readonly meetingTitle: LocalizedText;
  };
  /**
   * `action_item_due_changed` only (required there): the due time before the change and, when
   * the change followed its meeting's move, the meeting's new start.
   */
  readonly dueChange?: {
    readonly previousDueAt: Date;
    readonly meetingMovedTo: Date | null;
  };
  /** `PUBLIC_URL`: the message links to the group's action items under it. */
  readonly appUrl?: string;
}

/**
 * Renders an action item's notice in the recipient's language, with the deadline in the
 * recipient's zone. In Spanish an action item is a *compromiso* (a meeting's *acuerdos* are
 * its decisions). Pure: the same input always gives the same output.
 *
 * @example
 * renderActionItemNotification({
 *   kind: 'action_item_reminder', locale: 'en', timeZone: 'America/Phoenix', recipientName: 'Ann',
 *   group: { code: 'SON-AZ', name: { en: 'Sonora–Arizona', es: 'Sonora–Arizona' } },
 *   actionItem: { id: 'a1', title: { en: 'Share the traffic study', es: 'Compartir el estudio' },
 *                 ownerAgency: 'ADOT', dueAt: new Date('2027-07-10T01:00:00Z'),
 *                 meetingTitle: { en: 'Q3 review', es: 'Revisión T3' } },
 * }).subject;
 * // '[SON-AZ] Reminder: ADOT owes “Share the traffic study” by Fri, Jul 9, 6:00 PM Arizona time (MST)'
 */
export function renderActionItemNotification(
  input: ActionItemNotificationInput,
): RenderedNotification {
  return rendered(compose(input));
}

function compose(input: ActionItemNotificationInput): Message {
  const { locale, actionItem: item } = input;
  const en = locale === 'en';
  const due = formatInstant(item.dueAt, input.timeZone, locale);
  const title = oneLine(item.title[locale]);
  const owner = oneLine(item.ownerAgency);
  const group = oneLine(input.group.name[locale]);
  const meeting = oneLine(item.meetingTitle[locale]);
  const prefix = `[${oneLine(input.group.code)}] `;
  const facts = [
    { label: en ? 'Action item' : 'Compromiso', value: title },
    { label: en ? 'Owner' : 'Responsable', value: owner },
    { label: en ? 'Due' : 'Fecha límite', value: due.long },
    { label: en ? 'Agreed at' : 'Acordado en', value: meeting },
  ];
  const common = {
    locale,
    greeting: NOTIFICATION_COPY[locale].greeting(oneLine(input.recipientName)),
    facts,
    comment: null,
    link: input.appUrl
      ? {
          label: en ? 'Open the action items in Puentes' : 'Ver los compromisos en Puentes',
          url: actionItemsUrl(input.appUrl, input.group.code),
        }
      : null,
    signature: NOTIFICATION_COPY[locale].signature,
  };
  const markDone = en
    ? 'When it is done, please mark it done in Puentes so both sides see it.'
    : 'Al concluirlo, le solicitamos marcarlo como cumplido en Puentes para que ambas partes lo vean.';

  switch (input.kind) {
    case 'action_item_due_changed': {
      const change = input.dueChange;
      if (!change) throw new TypeError('action_item_due_changed needs its dueChange');
      const before = formatInstant(change.previousDueAt, input.timeZone, locale);
      const beforeDay = dayOf(change.previousDueAt, input.timeZone, locale);
      const moved = change.meetingMovedTo
        ? formatInstant(change.meetingMovedTo, input.timeZone, locale).long
        : null;
      const why = moved
        ? en
          ? ` because the meeting “${meeting}” moved to ${moved}`
          : ` porque la reunión «${meeting}» se movió al ${moved}`
        : '';
      return {
        ...common,
        // The new date where the date stood: the earlier one right after it.
        facts: [
          ...facts.slice(0, 3),
          { label: en ? 'Previous due date' : 'Fecha límite anterior', value: before.long },
          ...facts.slice(3),
        ],
        subject: en
          ? `${prefix}An action item’s due date changed: ${owner}’s “${title}” is now due ${due.short} (was ${beforeDay})`
          : `${prefix}Cambió la fecha límite de un compromiso de ${owner}: «${title}» — ahora vence el ${due.short}; antes, el ${beforeDay}`,
        happened: en
          ? `The due date of the action item “${title}” of the ${group}, owed by ${owner}, changed${why}: it is now due ${due.long}; it was due ${before.long}.`
          : `La fecha límite del compromiso «${title}» del ${group}, a cargo de ${owner}, cambió${why}: ahora vence el ${due.long}; antes vencía el ${before.long}.`,
        action: en
          ? `Its reminders now follow the new date. ${markDone}`
          : `Los recordatorios se ajustan a la nueva fecha. ${markDone}`,
      };
    }
    case 'action_item_assigned':
      return {
        ...common,
        subject: en
          ? `${prefix}New action item for ${owner}: “${title}” — due ${due.short}`
          : `${prefix}Nuevo compromiso de ${owner}: «${title}» — vence el ${due.short}`,
        happened: en
          ? `The ${group} agreed at “${meeting}” that ${owner} will see to “${title}”.`
          : `El ${group} acordó en «${meeting}» que ${owner} atenderá «${title}».`,
        action: markDone,
      };
    case 'action_item_reminder':
      return {
        ...common,
        subject: en
          ? `${prefix}Reminder: ${owner} owes “${title}” by ${due.short}`
          : `${prefix}Recordatorio: ${owner} debe atender «${title}» a más tardar el ${due.short}`,
        happened: en
          ? `The action item “${title}” of the ${group} falls due on ${due.long}.`
          : `El compromiso «${title}» del ${group} vence el ${due.long}.`,
        action: markDone,
      };
    case 'action_item_overdue':
      return {
        ...common,
        subject: en
          ? `${prefix}Overdue: ${owner} has not done “${title}” (due ${due.short})`
          : `${prefix}Vencido: ${owner} no ha cumplido «${title}» (venció el ${due.short})`,
        happened: en
          ? `The action item “${title}” of the ${group}, owed by ${owner}, was due on ${due.long} and is still open. The co-chairs are told.`
          : `El compromiso «${title}» del ${group}, a cargo de ${owner}, venció el ${due.long} y sigue abierto. Se informa a la copresidencia.`,
        action: en
          ? `${owner}: please finish it or agree a new date with the co-chairs. Co-chairs: please follow it up.`
          : `${owner}: le solicitamos concluirlo o acordar una nueva fecha con la copresidencia. Copresidencia: favor de darle seguimiento.`,
      };
  }
}

/** The day alone, for a subject line: `Fri, Feb 5` / `vie 5 feb`, in the reader's zone. */
function dayOf(at: Date, timeZone: string, locale: NotificationLocale): string {
  let local = DateTime.fromJSDate(at, { zone: timeZone });
  if (!local.isValid) local = DateTime.fromJSDate(at, { zone: 'UTC' });
  if (locale === 'en') return local.setLocale('en-US').toFormat('ccc, LLL d');
  const es = local.setLocale('es-MX');
  // As `formatInstant` writes them: "vie" and "feb", without the dot some ICU versions add.
  const weekday = es.toFormat('ccc').replace(/\.$/, '');
  const month = es.toFormat('LLL').replace(/\.$/, '');
  return `${weekday} ${es.day} ${month}`;
}
