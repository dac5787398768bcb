import type { StepStatus } from '@puentes/workflow-engine';
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
    /**
     * What the step's round became (the engine's `step_finished` status), which the notice
     * gives as the reason: approved, rejected, changes requested, cancelled with its workflow,
     * skipped, sent back (`pending`), or a new round opened (`active`).
     */
    readonly outcome?: StepStatus;
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

/** Why the deadline no longer applies, after "no longer applies:". */
const REASONS: Record<'en' | 'es', Partial<Record<StepStatus, string>> & { other: string }> = {
  en: {
    approved: 'the step was approved',
    rejected: 'the step was rejected',
    changes_requested: 'changes were requested in the step',
    cancelled: 'the step was cancelled when its workflow ended',
    skipped: 'the step was skipped',
    pending: 'the workflow went back to an earlier step',
    active: 'the step opened a new round, with a deadline of its own',
    other: 'the step is no longer waiting on it',
  },
  es: {
    approved: 'la etapa fue aprobada',
    rejected: 'la etapa fue rechazada',
    changes_requested: 'se solicitaron cambios en la etapa',
    cancelled: 'la etapa quedó cancelada al terminar su flujo',
    skipped: 'la etapa se omitió',
    pending: 'el flujo volvió a una etapa anterior',
    active: 'la etapa abrió una nueva ronda, con su propio plazo',
    other: 'la etapa ya no está sujeta a él',
  },
};

function compose(input: DeadlineWithdrawalInput): Message {
  const { locale, withdrawal: w } = input;
  const en = locale === 'en';
  const step = oneLine(w.step[locale] || w.step[en ? 'es' : 'en']);
  const name = oneLine(w.project.name[locale] || w.project.name[en ? 'es' : 'en']);
  const code = oneLine(w.project.code);
  const project = name && name !== code ? `${name} (${code})` : code;
  const due = formatInstant(w.dueAt, input.timeZone, locale);
  const appUrl = input.appUrl?.trim();
  const reasons = REASONS[locale];
  const reason = (w.outcome && reasons[w.outcome]) ?? reasons.other;
  return {
    locale,
    subject: `[${code}] ${en ? 'Deadline withdrawn' : 'Plazo retirado'}: ${step}`,
    greeting: NOTIFICATION_COPY[locale].greeting(oneLine(input.recipientName)),
    happened: en
      ? `The deadline of the step “${step}” of project ${project} no longer applies: ${reason}. The attached calendar update removes it from your calendar.`
      : `El plazo de la etapa «${step}» del proyecto ${project} ya no aplica: ${reason}. La actualización de calendario adjunta lo retira de su calendario.`,
    action: en ? 'No action is needed.' : 'No se requiere ninguna acción.',
    // The calendar cancellation travels with the email alone: the inbox tells only its outcome.
    inbox: {
      happened: en
        ? `The deadline of the step “${step}” of project ${project} no longer applies: ${reason}. If this deadline was in your calendar, it has been withdrawn from it.`
        : `El plazo de la etapa «${step}» del proyecto ${project} ya no aplica: ${reason}. Si este plazo figuraba en su calendario, ya se retiró de él.`,
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
