import { formatInstant } from './format-instant';
import { workflowUrl } from './links';
import { NOTIFICATION_COPY } from './notification-copy';
import type {
  CalendarNotificationKind,
  LocalizedText,
  NotificationLocale,
} from './notification-kinds';
import { type Message, oneLine, rendered, type RenderedNotification } from './render-notification';

/**
 * A step's deadline that no longer applies (the step was decided, the workflow ended, or a new
 * round began), sent to everyone whose calendar received it, with a `METHOD:CANCEL`.
 */
export interface DeadlineWithdrawalInput {
  readonly kind: CalendarNotificationKind;
  readonly locale: NotificationLocale;
  /** The recipient's IANA time zone: the withdrawn deadline is shown there. */
  readonly timeZone: string;
  readonly recipientName: string;
  readonly withdrawal: {
    readonly workflowId: string;
    readonly stepKey: string;
    readonly project: { readonly code: string; readonly name: LocalizedText };
    readonly step: LocalizedText;
    readonly dueAt: Date;
  };
  /** `PUBLIC_URL`: the message links to the workflow under it. */
  readonly appUrl?: string;
}

/**
 * Renders the notice that goes with a deadline's calendar withdrawal, in the recipient's
 * language. Pure.
 *
 * @example
 * renderDeadlineWithdrawal({ kind: 'deadline_withdrawn', locale: 'en', timeZone: 'America/Phoenix',
 *   recipientName: 'Ann', withdrawal: { workflowId: 'c0ffee', stepKey: 'cbp-review',
 *   project: { code: 'OTAY', name: { en: 'Otay Mesa East', es: 'Mesa de Otay II' } },
 *   step: { en: 'CBP review', es: 'Revisión de CBP' }, dueAt: new Date('2026-12-05T01:00:00Z') } })
 *   .subject;
 * // '[OTAY] Deadline withdrawn: CBP review'
 */
export function renderDeadlineWithdrawal(input: DeadlineWithdrawalInput): RenderedNotification {
  return rendered(compose(input));
}

function compose(input: DeadlineWithdrawalInput): Message {
  const { locale, withdrawal: w } = input;
  const en = locale === 'en';
  const step = oneLine(w.step[locale] || w.step[en ? 'es' : 'en']);
  const name = oneLine(w.project.name[locale] || w.project.name[en ? 'es' : 'en']);
  const code = oneLine(w.project.code);
  const project = name && name !== code ? `${name} (${code})` : code;
  const due = formatInstant(w.dueAt, input.timeZone, locale);
  const appUrl = input.appUrl?.trim();
  return {
    locale,
    subject: `[${code}] ${en ? 'Deadline withdrawn' : 'Plazo retirado'}: ${step}`,
    greeting: NOTIFICATION_COPY[locale].greeting(oneLine(input.recipientName)),
    happened: en
      ? `The deadline of the step “${step}” of project ${project} no longer applies: the step is no longer waiting on it. The attached calendar update removes it from your calendar.`
      : `El plazo de la etapa «${step}» del proyecto ${project} ya no aplica: la etapa ya no está sujeta a él. La actualización de calendario adjunta lo retira de su calendario.`,
    action: en ? 'No action is needed.' : 'No se requiere ninguna acción.',
    // The calendar cancellation travels with the email alone: the inbox tells only its outcome.
    inbox: {
      happened: en
        ? `The deadline of the step “${step}” of project ${project} no longer applies: the step is no longer waiting on it. If this deadline was in your calendar, it has been withdrawn from it.`
        : `El plazo de la etapa «${step}» del proyecto ${project} ya no aplica: la etapa ya no está sujeta a él. Si este plazo figuraba en su calendario, ya se retiró de él.`,
    },
    facts: [{ label: en ? 'Withdrawn deadline' : 'Plazo retirado', value: due.long }],
    comment: null,
    link: appUrl
      ? {
          label: NOTIFICATION_COPY[locale].labels.link,
          url: workflowUrl(appUrl, w.workflowId),
        }
      : null,
    signature: NOTIFICATION_COPY[locale].signature,
  };
}
