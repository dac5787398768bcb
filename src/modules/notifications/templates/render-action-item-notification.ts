import { formatInstant } from './format-instant';
import { actionItemsUrl } from './links';
import { NOTIFICATION_COPY } from './notification-copy';
import type {
  ActionItemNotificationKind,
  LocalizedText,
  NotificationLocale,
} from './notification-kinds';
import { type Message, oneLine, rendered, type RenderedNotification } from './render-notification';

/** A notification about an action item of a technical group: assigned, reminder, overdue. */
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
 * // '[SON-AZ] Reminder: ADOT owes "Share the traffic study" by Fri, Jul 9, 6:00 PM Arizona time (MST)'
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
    { label: en ? 'Action item ID' : 'Folio del compromiso', value: item.id },
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
    case 'action_item_assigned':
      return {
        ...common,
        subject: en
          ? `${prefix}New action item for ${owner}: "${title}" — due ${due.short}`
          : `${prefix}Nuevo compromiso de ${owner}: «${title}» — vence el ${due.short}`,
        happened: en
          ? `The ${group} agreed at "${meeting}" that ${owner} will see to "${title}".`
          : `El ${group} acordó en «${meeting}» que ${owner} atenderá «${title}».`,
        action: markDone,
      };
    case 'action_item_reminder':
      return {
        ...common,
        subject: en
          ? `${prefix}Reminder: ${owner} owes "${title}" by ${due.short}`
          : `${prefix}Recordatorio: ${owner} debe atender «${title}» a más tardar el ${due.short}`,
        happened: en
          ? `The action item "${title}" of the ${group} falls due on ${due.long}.`
          : `El compromiso «${title}» del ${group} vence el ${due.long}.`,
        action: markDone,
      };
    case 'action_item_overdue':
      return {
        ...common,
        subject: en
          ? `${prefix}Overdue: ${owner} has not done "${title}" (due ${due.short})`
          : `${prefix}Vencido: ${owner} no ha cumplido «${title}» (venció el ${due.short})`,
        happened: en
          ? `The action item "${title}" of the ${group}, owed by ${owner}, was due on ${due.long} and is still open. The co-chairs are told.`
          : `El compromiso «${title}» del ${group}, a cargo de ${owner}, venció el ${due.long} y sigue abierto. Se informa a la copresidencia.`,
        action: en
          ? `${owner}: please finish it or agree a new date with the co-chairs. Co-chairs: please follow it up.`
          : `${owner}: le solicitamos concluirlo o acordar una nueva fecha con la copresidencia. Copresidencia: favor de darle seguimiento.`,
      };
  }
}
