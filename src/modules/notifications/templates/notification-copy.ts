import type { DecisionKind, WorkflowStatus } from '@puentes/workflow-engine';
import type { FormattedInstant } from './format-instant';
import type { NotificationLocale, WorkflowNotificationKind } from './notification-kinds';

/** What the wording of one notification depends on, already in the recipient's language. */
export interface CopyContext {
  readonly kind: WorkflowNotificationKind;
  /** `Otay Mesa East Port of Entry (OTAY-MESA-EAST)`. */
  readonly project: string;
  /** The step's name; null only for the workflow-wide kinds. */
  readonly step: string | null;
  readonly chain: string;
  readonly actor: string | null;
  /** The assignee (agency or group code) the actor decided for. */
  readonly decidedFor: string | null;
  /** The delegator the actor signed in place of (suplencia). */
  readonly inPlaceOf: string | null;
  /** A reassignment's old and new assignee codes. */
  readonly reassigned: { readonly from: string; readonly to: string } | null;
  /** The step a rejection sends the workflow back to (`onReject: { returnTo }`). */
  readonly returnTo: string | null;
  readonly due: FormattedInstant | null;
  readonly escalationLevel: number | null;
  readonly workflowStatus: WorkflowStatus;
  /** Whether the message lists assignees that have not decided yet. */
  readonly hasPending: boolean;
  /** `step_unstaffed`: the assignees nobody can sign for, as one list (`SRE and CBP`). */
  readonly unstaffed: string | null;
  /** `signed_in_your_place`: what the delegate decided in the reader's place. */
  readonly decision: DecisionKind | null;
  /**
   * `step_assigned`, `reminder` or `escalation` to a delegate: the delegator (or delegators, as
   * one list) in whose place the reader may decide.
   */
  readonly awaitingInPlaceOf: string | null;
  /**
   * With `awaitingInPlaceOf`: when the delegation lending the reader that signature ends, so
   * they know until when they may decide; null when not known (several delegators).
   */
  readonly awaitingUntil: FormattedInstant | null;
}

/** Every sentence and label of a notification in one language; plain text, never markup. */
export interface NotificationCopy {
  readonly intlLocale: string;
  greeting(recipientName: string): string;
  /** The subject without its `[PROJECT-CODE]` prefix. */
  subject(c: CopyContext): string;
  /**
   * Returns what happened and what the recipient should do about it; when the email's `action`
   * sends the reader to sign in to Puentes, `inboxAction` says the same to a reader already in
   * Puentes, who can open the notice's workflow from the inbox.
   */
  paragraphs(c: CopyContext): {
    readonly happened: string;
    readonly action: string;
    readonly inboxAction?: string;
  };
  commentLabel(c: CopyContext): string;
  /** The sentence that says a delegate signed (suplencia): who, in whose place. */
  signedInPlaceOf(actor: string, delegator: string): string;
  readonly labels: {
    readonly deadline: string;
    readonly pending: string;
    readonly unstaffed: string;
    readonly round: string;
    readonly link: string;
    readonly stepLink: string;
    /** `signed_in_your_place`: when the delegate signed, and the delegation's basis. */
    readonly signedAt: string;
    readonly legalBasis: string;
    readonly reference: string;
  };
  readonly signature: string;
}

const quote = (text: string): string => `“${text}”`;

/** What a delegate did, as a verb before the step (`approved “…”`), in each language. */
const SIGNED_EN: Record<DecisionKind, string> = {
  approve: 'approved',
  reject: 'rejected',
  request_changes: 'requested changes to',
};
const SIGNED_ES: Record<DecisionKind, string> = {
  approve: 'aprobó',
  reject: 'rechazó',
  request_changes: 'solicitó cambios en',
};
const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Until when a delegate may give the decision asked of them: the delegation's end, in the
 * reader's zone (`until …, when the delegation ends`), or, when not known, while it is in force
 * (`sep` before it, as the sentence has it).
 */
const untilEn = (c: CopyContext, sep: string): string =>
  c.awaitingUntil
    ? ` until ${c.awaitingUntil.long}, when the delegation ends`
    : `${sep}while the delegation is in force`;
const untilEs = (c: CopyContext, sep: string): string =>
  c.awaitingUntil
    ? ` hasta el ${c.awaitingUntil.long}, cuando termina la suplencia`
    : `${sep}mientras la suplencia esté vigente`;

/** The step name for kinds that are about a step (render-notification checks it is there). */
function stepOf(c: CopyContext): string {
  if (c.step === null) throw new TypeError(`A ${c.kind} notification needs a step`);
  return c.step;
}

const english: NotificationCopy = {
  intlLocale: 'en-US',
  greeting: (name) => (name ? `Dear ${name},` : 'Hello,'),
  subject(c) {
    switch (c.kind) {
      case 'step_assigned':
        return `Action needed${c.awaitingInPlaceOf ? ` in place of ${c.awaitingInPlaceOf}` : ''}: ${stepOf(c)}${c.due ? ` — due ${c.due.short}` : ''}`;
      case 'step_unstaffed':
        return `Nobody can sign: ${stepOf(c)}${c.unstaffed ? ` (${c.unstaffed})` : ''}`;
      case 'reminder': {
        const inPlace = c.awaitingInPlaceOf ? `, in place of ${c.awaitingInPlaceOf}` : '';
        return c.due
          ? `Reminder${inPlace}: ${stepOf(c)} due ${c.due.short}`
          : `Reminder${inPlace}: ${stepOf(c)} awaits a decision`;
      }
      case 'escalation':
        return `Overdue${c.awaitingInPlaceOf ? `, in place of ${c.awaitingInPlaceOf}` : ''}: ${stepOf(c)}${c.escalationLevel ? ` (escalation level ${c.escalationLevel})` : ''}`;
      case 'changes_requested':
        return `Changes requested: ${stepOf(c)}`;
      case 'step_rejected':
        return `Step rejected: ${stepOf(c)}`;
      case 'workflow_completed':
        return `Workflow approved: ${c.chain}`;
      case 'workflow_rejected':
        return `Workflow rejected: ${c.chain}${c.step ? ` (step: ${c.step})` : ''}`;
      case 'workflow_cancelled':
        // U.S. federal usage (GPO Style Manual) spells it with one "l".
        return `Workflow cancelled: ${c.chain}`;
      case 'assignee_reassigned':
        return `Reassigned: ${stepOf(c)}${c.reassigned ? ` — ${c.reassigned.from} → ${c.reassigned.to}` : ''}`;
      case 'comment_added':
        return `New comment: ${c.step ?? c.chain}`;
      case 'signed_in_your_place':
        return `${c.actor ?? 'Your substitute'} signed in your place: ${c.decision ? SIGNED_EN[c.decision] : 'decided on'} ${stepOf(c)}`;
    }
  },
  paragraphs(c) {
    const workflow = `the ${quote(c.chain)} workflow for project ${c.project}`;
    const step = (): string => `the step ${quote(stepOf(c))} of ${workflow}`;
    const byActor = (done: string, passive: string): string =>
      c.actor ? `${c.actor}${c.decidedFor ? `, for ${c.decidedFor},` : ''} ${done}` : passive;
    switch (c.kind) {
      case 'step_unstaffed':
        return {
          happened: `${capitalize(step())} is now awaiting a decision, but nobody can sign for ${c.unstaffed ?? 'one of its assignees'} at the moment: the agency has no active approver, or a co-chair seat of the group is empty.`,
          action:
            'Please add or reactivate an approver of that agency, or fill the co-chair seat, so that the workflow does not stall. Those who become able to sign are told of the step at once.',
        };
      case 'step_assigned':
        return {
          happened: c.awaitingInPlaceOf
            ? `${capitalize(step())} is awaiting a decision that you may give in place of ${c.awaitingInPlaceOf}${untilEn(c, ', ')}.`
            : `${capitalize(step())} is awaiting your decision.`,
          action: `Please sign in to Puentes to approve, reject, or request changes${c.due ? ' before the deadline' : ''}.`,
          inboxAction: `Open the step to approve, reject, or request changes${c.due ? ' before the deadline' : ''}.`,
        };
      case 'reminder':
        return {
          happened: c.awaitingInPlaceOf
            ? `This is a reminder that ${step()} is still awaiting a decision, which you may give in place of ${c.awaitingInPlaceOf}${untilEn(c, ' ')}.`
            : `This is a reminder that ${step()} is still awaiting a decision.`,
          action: `Please sign in to Puentes${c.due ? ' before the deadline' : ''} to record your decision${c.hasPending ? ' or to follow up with those still pending' : ''}.`,
          inboxAction: `Open the step${c.due ? ' before the deadline' : ''} to record your decision${c.hasPending ? ' or to follow up with those still pending' : ''}.`,
        };
      case 'escalation':
        return {
          happened: `${capitalize(step())} has passed its deadline without a decision and has been escalated${c.escalationLevel ? ` to level ${c.escalationLevel}` : ''}.${c.awaitingInPlaceOf ? ` You may give that decision in place of ${c.awaitingInPlaceOf}${untilEn(c, ' ')}.` : ''}`,
          action: `Please sign in to Puentes to record the pending decision${c.hasPending ? ' or to follow up with those still pending' : ''}.`,
          inboxAction: `Open the step to record the pending decision${c.hasPending ? ' or to follow up with those still pending' : ''}.`,
        };
      case 'changes_requested':
        return {
          happened: byActor(
            `requested changes to ${step()}.`,
            `Changes were requested to ${step()}.`,
          ),
          action: 'Please sign in to Puentes, address the comments, and resubmit the step.',
          inboxAction: 'Open the step, address the comments, and resubmit it.',
        };
      case 'step_rejected': {
        const outcome =
          c.workflowStatus === 'active'
            ? c.returnTo
              ? ` The workflow returns to the step ${quote(c.returnTo)} for a new round of review.`
              : ' The workflow returns to an earlier step for a new round of review.'
            : c.workflowStatus === 'rejected'
              ? ' With this decision, the workflow has ended as rejected.'
              : '';
        return {
          happened: byActor(`rejected ${step()}.`, `${capitalize(step())} was rejected.`) + outcome,
          action: 'Please sign in to Puentes to review the decision.',
          inboxAction: 'Open the workflow to review the decision.',
        };
      }
      case 'workflow_completed':
        return {
          happened: `${capitalize(workflow)} has been approved: every required step has been signed off.`,
          action: 'No further action is needed.',
        };
      case 'workflow_rejected': {
        const ended = c.step
          ? byActor(
              `rejected the step ${quote(c.step)}, which ended ${workflow} as rejected.`,
              `The step ${quote(c.step)} was rejected, which ended ${workflow} as rejected.`,
            )
          : `${capitalize(workflow)} was rejected.`;
        return {
          happened: `${ended} Its remaining steps were cancelled.`,
          action:
            'No further decisions are needed on this workflow. To proceed, address the concerns and start a new workflow.',
        };
      }
      case 'workflow_cancelled':
        return {
          happened: `${byActor(`cancelled ${workflow}.`, `${capitalize(workflow)} was cancelled.`)} Its unfinished steps were cancelled as well.`,
          action: 'No further action is needed.',
        };
      case 'assignee_reassigned': {
        const moved = c.reassigned ? ` from ${c.reassigned.from} to ${c.reassigned.to}` : '';
        return {
          happened: `${c.actor ?? 'An administrator'} reassigned ${step()}${moved}, for this workflow only.`,
          action: `If your agency or group now signs this step, please sign in to Puentes to decide${c.due ? ' before the deadline' : ''}; otherwise no action is needed.`,
          inboxAction: `If your agency or group now signs this step, open it to decide${c.due ? ' before the deadline' : ''}; otherwise no action is needed.`,
        };
      }
      case 'comment_added':
        return {
          happened: `${c.actor ?? 'Someone'} commented on ${c.step ? step() : workflow}. A comment records no decision.`,
          action: 'Please sign in to Puentes to read it in context.',
          inboxAction: 'Open the workflow to read it in context.',
        };
      case 'signed_in_your_place':
        return {
          happened: `${c.actor ?? 'Your substitute'} signed in your place${c.decidedFor ? ` for ${c.decidedFor}` : ''}: ${c.decision ? SIGNED_EN[c.decision] : 'decided on'} ${step()}, under the delegation recorded in your name.`,
          action:
            'No action is needed. If you did not expect this decision, please sign in to Puentes to review it and, if need be, revoke the delegation.',
          inboxAction:
            'No action is needed. If you did not expect this decision, open the workflow to review it and, if need be, revoke the delegation on your profile page.',
        };
    }
  },
  commentLabel(c) {
    if (c.kind === 'workflow_cancelled' || c.kind === 'assignee_reassigned')
      return c.actor ? `Reason given by ${c.actor}:` : 'Reason:';
    return c.actor ? `Comment from ${c.actor}:` : 'Comment:';
  },
  signedInPlaceOf: (actor, delegator) => `Signed by ${actor} in place of ${delegator}.`,
  labels: {
    deadline: 'Deadline',
    pending: 'Pending',
    unstaffed: 'Nobody can sign for',
    round: 'Review round',
    link: 'Open the workflow in Puentes',
    stepLink: 'Open the step in Puentes to decide',
    signedAt: 'Signed on',
    legalBasis: 'Legal basis',
    reference: 'Reference',
  },
  signature: 'Puentes — automated message, please do not reply.',
};

// Written as a Mexican federal office writes: "usted", "trámite", "folio", "instancias".
const spanish: NotificationCopy = {
  intlLocale: 'es-MX',
  greeting: (name) => (name ? `Apreciable ${name}:` : 'Buen día:'),
  subject(c) {
    switch (c.kind) {
      case 'step_assigned':
        return `Acción requerida${c.awaitingInPlaceOf ? ` en suplencia de ${c.awaitingInPlaceOf}` : ''}: ${stepOf(c)}${c.due ? ` — vence el ${c.due.short}` : ''}`;
      case 'step_unstaffed':
        return `Sin quien firme: ${stepOf(c)}${c.unstaffed ? ` (${c.unstaffed})` : ''}`;
      case 'reminder': {
        const inPlace = c.awaitingInPlaceOf ? `, en suplencia de ${c.awaitingInPlaceOf}` : '';
        return c.due
          ? `Recordatorio${inPlace}: ${stepOf(c)} vence el ${c.due.short}`
          : `Recordatorio${inPlace}: ${stepOf(c)} en espera de decisión`;
      }
      case 'escalation':
        return `Plazo vencido${c.awaitingInPlaceOf ? `, en suplencia de ${c.awaitingInPlaceOf}` : ''}: ${stepOf(c)}${c.escalationLevel ? ` (nivel de escalamiento ${c.escalationLevel})` : ''}`;
      case 'changes_requested':
        return `Cambios solicitados: ${stepOf(c)}`;
      case 'step_rejected':
        return `Etapa rechazada: ${stepOf(c)}`;
      case 'workflow_completed':
        return `Trámite aprobado: ${c.chain}`;
      case 'workflow_rejected':
        return `Trámite rechazado: ${c.chain}${c.step ? ` (etapa: ${c.step})` : ''}`;
      case 'workflow_cancelled':
        return `Trámite cancelado: ${c.chain}`;
      case 'assignee_reassigned':
        return `Reasignación: ${stepOf(c)}${c.reassigned ? ` — ${c.reassigned.from} → ${c.reassigned.to}` : ''}`;
      case 'comment_added':
        return `Nuevo comentario: ${c.step ?? c.chain}`;
      case 'signed_in_your_place':
        return `${c.actor ?? 'Su suplente'} firmó en su suplencia: ${c.decision ? SIGNED_ES[c.decision] : 'resolvió'} ${stepOf(c)}`;
    }
  },
  paragraphs(c) {
    const procedure = `trámite ${quote(c.chain)} del proyecto ${c.project}`;
    const workflow = `el ${procedure}`;
    const step = (): string => `la etapa ${quote(stepOf(c))} del ${procedure}`;
    const byActor = (done: string, passive: string): string =>
      c.actor ? `${c.actor}${c.decidedFor ? `, por ${c.decidedFor},` : ''} ${done}` : passive;
    const followUp = c.hasPending
      ? ' o dar seguimiento con las instancias que aún no se pronuncian'
      : '';
    switch (c.kind) {
      case 'step_unstaffed':
        return {
          happened: `${capitalize(step())} está en espera de una decisión, pero por ahora nadie puede firmar por ${c.unstaffed ?? 'una de sus instancias'}: la instancia no tiene una persona aprobadora activa, o una copresidencia del grupo está vacante.`,
          action:
            'Le solicitamos dar de alta o reactivar a una persona aprobadora de esa instancia, o designar la copresidencia, para que el trámite no se detenga. Quien pueda firmar recibirá aviso de la etapa de inmediato.',
        };
      case 'step_assigned':
        return {
          happened: c.awaitingInPlaceOf
            ? `${capitalize(step())} está en espera de una decisión que usted puede emitir en suplencia de ${c.awaitingInPlaceOf}${untilEs(c, ', ')}.`
            : `${capitalize(step())} está en espera de su decisión.`,
          action: `Le solicitamos ingresar a Puentes para aprobar, rechazar o solicitar cambios${c.due ? ' antes de la fecha límite' : ''}.`,
          inboxAction: `Abra la etapa para aprobar, rechazar o solicitar cambios${c.due ? ' antes de la fecha límite' : ''}.`,
        };
      case 'reminder':
        return {
          happened: c.awaitingInPlaceOf
            ? `Le recordamos que ${step()} sigue en espera de una decisión, que usted puede emitir en suplencia de ${c.awaitingInPlaceOf}${untilEs(c, ' ')}.`
            : `Le recordamos que ${step()} sigue en espera de una decisión.`,
          action: `Le solicitamos ingresar a Puentes${c.due ? ' antes de la fecha límite' : ''} para registrar su decisión${followUp}.`,
          inboxAction: `Abra la etapa${c.due ? ' antes de la fecha límite' : ''} para registrar su decisión${followUp}.`,
        };
      case 'escalation':
        return {
          happened: `${capitalize(step())} rebasó su fecha límite sin una decisión y ${c.escalationLevel ? `pasó al nivel de escalamiento ${c.escalationLevel}` : 'fue escalada'}.${c.awaitingInPlaceOf ? ` Usted puede emitir esa decisión en suplencia de ${c.awaitingInPlaceOf}${untilEs(c, ' ')}.` : ''}`,
          action: `Le solicitamos ingresar a Puentes para registrar la decisión pendiente${followUp}.`,
          inboxAction: `Abra la etapa para registrar la decisión pendiente${followUp}.`,
        };
      case 'changes_requested':
        return {
          happened: byActor(
            `solicitó cambios en ${step()}.`,
            `Se solicitaron cambios en ${step()}.`,
          ),
          action:
            'Le solicitamos ingresar a Puentes, atender las observaciones y volver a enviar la etapa.',
          inboxAction: 'Abra la etapa, atienda las observaciones y vuelva a enviarla.',
        };
      case 'step_rejected': {
        const outcome =
          c.workflowStatus === 'active'
            ? c.returnTo
              ? ` El trámite regresa a la etapa ${quote(c.returnTo)} para una nueva ronda de revisión.`
              : ' El trámite regresa a una etapa anterior para una nueva ronda de revisión.'
            : c.workflowStatus === 'rejected'
              ? ' Con esta decisión, el trámite concluyó como rechazado.'
              : '';
        return {
          happened: byActor(`rechazó ${step()}.`, `${capitalize(step())} fue rechazada.`) + outcome,
          action: 'Le solicitamos ingresar a Puentes para revisar la decisión.',
          inboxAction: 'Abra el trámite para revisar la decisión.',
        };
      }
      case 'workflow_completed':
        return {
          happened: `${capitalize(workflow)} fue aprobado: todas las etapas requeridas fueron aprobadas.`,
          action: 'No se requiere ninguna acción adicional.',
        };
      case 'workflow_rejected': {
        const ended = c.step
          ? byActor(
              `rechazó la etapa ${quote(c.step)}, con lo que ${workflow} concluyó como rechazado.`,
              `La etapa ${quote(c.step)} fue rechazada, con lo que ${workflow} concluyó como rechazado.`,
            )
          : `${capitalize(workflow)} fue rechazado.`;
        return {
          happened: `${ended} Las etapas restantes se cancelaron.`,
          action:
            'Este trámite ya no requiere decisiones. Para continuar, atienda las observaciones e inicie un nuevo trámite.',
        };
      }
      case 'workflow_cancelled':
        return {
          happened: `${byActor(`canceló ${workflow}.`, `${capitalize(workflow)} fue cancelado.`)} Las etapas no concluidas también se cancelaron.`,
          action: 'No se requiere ninguna acción adicional.',
        };
      case 'assignee_reassigned': {
        const moved = c.reassigned ? ` de ${c.reassigned.from} a ${c.reassigned.to}` : '';
        return {
          happened: `${c.actor ?? 'Un administrador'} reasignó ${step()}${moved}, solo para este trámite.`,
          action: `Si ahora su dependencia o grupo firma esta etapa, le solicitamos ingresar a Puentes para decidir${c.due ? ' antes de la fecha límite' : ''}; de lo contrario, no se requiere ninguna acción.`,
          inboxAction: `Si ahora su dependencia o grupo firma esta etapa, ábrala para decidir${c.due ? ' antes de la fecha límite' : ''}; de lo contrario, no se requiere ninguna acción.`,
        };
      }
      case 'comment_added':
        return {
          happened: `${c.actor ?? 'Una persona'} comentó ${c.step ? `sobre ${step()}` : `sobre ${workflow}`}. Un comentario no registra ninguna decisión.`,
          action: 'Le solicitamos ingresar a Puentes para consultarlo en su contexto.',
          inboxAction: 'Abra el trámite para consultarlo en su contexto.',
        };
      case 'signed_in_your_place':
        return {
          happened: `${c.actor ?? 'Su suplente'} firmó en su suplencia${c.decidedFor ? ` por ${c.decidedFor}` : ''}: ${c.decision ? SIGNED_ES[c.decision] : 'resolvió'} ${step()}, al amparo de la suplencia registrada a su nombre.`,
          action:
            'No se requiere ninguna acción. Si usted no esperaba esta decisión, le solicitamos ingresar a Puentes para revisarla y, en su caso, revocar la suplencia.',
          inboxAction:
            'No se requiere ninguna acción. Si usted no esperaba esta decisión, abra el trámite para revisarla y, en su caso, revoque la suplencia en la página de su perfil.',
        };
    }
  },
  commentLabel(c) {
    if (c.kind === 'workflow_cancelled' || c.kind === 'assignee_reassigned') {
      return c.actor ? `Motivo indicado por ${c.actor}:` : 'Motivo:';
    }
    return c.actor ? `Comentario de ${c.actor}:` : 'Comentario:';
  },
  signedInPlaceOf: (actor, delegator) => `Firmado por ${actor} en suplencia de ${delegator}.`,
  labels: {
    deadline: 'Fecha límite',
    pending: 'Pendientes',
    unstaffed: 'Sin quien firme por',
    round: 'Ronda de revisión',
    link: 'Consultar el trámite en Puentes',
    stepLink: 'Abrir la etapa en Puentes para decidir',
    signedAt: 'Fecha de firma',
    legalBasis: 'Fundamento',
    reference: 'Oficio',
  },
  signature: 'Puentes — mensaje automático, favor de no responder.',
};

/** The wording for a recipient's language. */
export const NOTIFICATION_COPY: Readonly<Record<NotificationLocale, NotificationCopy>> = {
  en: english,
  es: spanish,
};
