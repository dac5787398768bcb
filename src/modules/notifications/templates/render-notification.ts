import type { DecisionKind, WorkflowStatus } from '@puentes/workflow-engine';
import { formatInstant } from './format-instant';
import { stepUrl, workflowUrl } from './links';
import { type CopyContext, NOTIFICATION_COPY } from './notification-copy';
import {
  DELEGATE_NOTICE_KINDS,
  type LocalizedText,
  type NotificationLocale,
  type WorkflowNotificationKind,
} from './notification-kinds';

/** Everything a notification says, as the notifications module knows it at send time. */
export interface NotificationInput {
  readonly kind: WorkflowNotificationKind;
  /** The recipient's language. */
  readonly locale: NotificationLocale;
  /** The recipient's IANA time zone: every time is shown there. */
  readonly timeZone: string;
  readonly recipientName: string;
  readonly project: { readonly code: string; readonly name: LocalizedText };
  /** Required for the step kinds (assigned, reminder, escalation, changes, step rejected). */
  readonly step?: {
    readonly key: string;
    readonly name: LocalizedText;
    readonly dueAt: Date | null;
    readonly round: number;
    readonly escalationLevel?: number;
    /**
     * Codes of the agencies or technical groups that have not decided yet (for
     * `step_unstaffed`: those nobody can sign for).
     */
    readonly assignees?: readonly string[];
  };
  readonly workflow: {
    readonly id: string;
    readonly chainName: LocalizedText;
    readonly status: WorkflowStatus;
  };
  /** Who caused it (the approver who decided, the coordinator who cancelled). */
  readonly actor?: { readonly name: string } | null;
  /** The assignee (agency or group code) a decision was taken for. */
  readonly decidedFor?: string | null;
  /** The delegator whose place the actor signed in (suplencia), by name. */
  readonly inPlaceOf?: string | null;
  /**
   * To a delegate (the kinds of `DELEGATE_NOTICE_KINDS`: assigned, reminder, escalation): the
   * delegator whose decision the step awaits, which the recipient may give in their place
   * (suplencia), by name — or the delegators, when several lent the recipient that signature
   * (named as one list, in the order given). Ignored for the other kinds.
   */
  readonly awaitingInPlaceOf?: string | readonly string[] | null;
  /**
   * With `awaitingInPlaceOf`: when the delegation that lends the recipient the signature ends
   * (exclusive), said in the recipient's zone so they know until when they may decide; absent
   * or null, the notice says “while the delegation is in force”.
   */
  readonly awaitingUntil?: Date | null;
  /** A reassignment's old and new assignee codes (`assignee_reassigned`). */
  readonly reassigned?: { readonly from: string; readonly to: string } | null;
  /** The step a rejection returns the workflow to. */
  readonly returnTo?: LocalizedText | null;
  readonly comment?: string | null;
  /**
   * `signed_in_your_place` (to the delegator): what the delegate (`actor`) decided, when, and
   * under which delegation — its legal basis and reference (oficio), as the decision recorded.
   */
  readonly signedInYourPlace?: {
    readonly decision: DecisionKind;
    readonly at: Date;
    readonly legalBasis: string;
    readonly reference: string | null;
  } | null;
  /** `PUBLIC_URL`, e.g. `https://puentes.example.gov`: the message links to its page under it. */
  readonly appUrl?: string;
}

/** One notification ready for the inbox and for nodemailer. */
export interface RenderedNotification {
  readonly subject: string;
  /** The email's plain-text part: greeting, message, link and signature. */
  readonly text: string;
  /** The email's HTML part: the same as `text`. */
  readonly html: string;
  /** The in-app inbox's body: the message alone (see `toInApp`). */
  readonly inApp: string;
  /** A calendar event's DESCRIPTION: the message without the letter (see `toEventText`). */
  readonly eventText: string;
  /** The page the message links to (`null` without `PUBLIC_URL`): a calendar event's URL. */
  readonly url: string | null;
}

const STEP_KINDS: ReadonlySet<WorkflowNotificationKind> = new Set([
  'step_assigned',
  'step_unstaffed',
  'reminder',
  'escalation',
  'changes_requested',
  'step_rejected',
  'assignee_reassigned',
  'signed_in_your_place',
]);

// Only while a step still waits on someone do its deadline and its pending assignees help.
const OPEN_STEP_KINDS: ReadonlySet<WorkflowNotificationKind> = new Set([
  'step_assigned',
  'reminder',
  'escalation',
]);

/**
 * A message before it is written out (the group notifications share this shape): the text and the HTML come from the same parts, in the
 * same order (what happened, why — the comment —, what to do, the details, the link); the
 * in-app body from the same parts too, without the email's greeting, link and signature, and
 * with the inbox wording of a part where it has one (`inbox`).
 */
export interface Message {
  readonly locale: NotificationLocale;
  readonly subject: string;
  readonly greeting: string;
  readonly happened: string;
  readonly action: string;
  /**
   * The inbox's wording of a part whose email wording only makes sense in an email (“sign in
   * to Puentes”, “keep this email”, “the attached invitation”), written next to it; a part not
   * given here reads the same in both.
   */
  readonly inbox?: { readonly happened?: string; readonly action?: string };
  readonly facts: readonly { readonly label: string; readonly value: string }[];
  readonly comment: { readonly label: string; readonly lines: readonly string[] } | null;
  readonly link: { readonly label: string; readonly url: string } | null;
  readonly signature: string;
}

/**
 * Returns one notification rendered for the email and the inbox, entirely in the recipient's
 * language, with every time in the recipient's zone and that zone named. Pure: the same input
 * always gives the same output.
 *
 * @throws TypeError when a step kind (e.g. `reminder`) comes without its `step`.
 * @example
 * const { subject } = renderNotification({
 *   kind: 'step_assigned', locale: 'en', timeZone: 'America/Phoenix', recipientName: 'Ann Lee',
 *   project: { code: 'OTAY-MESA-EAST', name: { en: 'Otay Mesa East', es: 'Mesa de Otay II' } },
 *   step: { key: 'cbp-review', name: { en: 'CBP operational review', es: 'Revisión operativa de CBP' },
 *           dueAt: new Date('2026-12-05T01:00:00Z'), round: 1 },
 *   workflow: { id: 'c0ffee', chainName: { en: 'Presidential permit', es: 'Permiso presidencial' },
 *               status: 'active' },
 * });
 * // '[OTAY-MESA-EAST] Action needed: CBP operational review — due Fri, Dec 4, 6:00 PM MST'
 */
export function renderNotification(input: NotificationInput): RenderedNotification {
  return rendered(compose(input));
}

function compose(input: NotificationInput): Message {
  const { kind, locale, step } = input;
  if (STEP_KINDS.has(kind) && !step) {
    throw new TypeError(`A ${kind} notification needs its step`);
  }
  const copy = NOTIFICATION_COPY[locale];
  const open = OPEN_STEP_KINDS.has(kind);
  const dueAt = open && step?.dueAt && !Number.isNaN(step.dueAt.getTime()) ? step.dueAt : null;
  const due = dueAt ? formatInstant(dueAt, input.timeZone, locale) : null;
  const pending = open ? (step?.assignees ?? []).map(oneLine).filter(Boolean) : [];
  // A step_unstaffed notice names, in `step.assignees`, those nobody can sign for.
  const unstaffed =
    kind === 'step_unstaffed' ? (step?.assignees ?? []).map(oneLine).filter(Boolean) : [];
  const list = (items: string[]) =>
    new Intl.ListFormat(copy.intlLocale, { type: 'conjunction' }).format(items);
  const actor = input.actor ? oneLine(input.actor.name) || null : null;
  const level = step?.escalationLevel;
  const delegators = DELEGATE_NOTICE_KINDS.has(kind)
    ? [input.awaitingInPlaceOf ?? []].flat().map(oneLine).filter(Boolean)
    : [];

  const context: CopyContext = {
    kind,
    project: projectLabel(input.project.code, pick(input.project.name, locale)),
    step: step ? pick(step.name, locale) : null,
    chain: pick(input.workflow.chainName, locale),
    actor,
    decidedFor: actor && input.decidedFor ? oneLine(input.decidedFor) || null : null,
    inPlaceOf: actor && input.inPlaceOf ? oneLine(input.inPlaceOf) || null : null,
    reassigned: input.reassigned
      ? { from: oneLine(input.reassigned.from), to: oneLine(input.reassigned.to) }
      : null,
    returnTo: input.returnTo ? pick(input.returnTo, locale) || null : null,
    due,
    escalationLevel: kind === 'escalation' && level && level > 0 ? level : null,
    workflowStatus: input.workflow.status,
    hasPending: pending.length > 0,
    unstaffed: unstaffed.length > 0 ? list(unstaffed) : null,
    decision: kind === 'signed_in_your_place' ? (input.signedInYourPlace?.decision ?? null) : null,
    awaitingInPlaceOf: delegators.length > 0 ? list(delegators) : null,
    awaitingUntil:
      delegators.length > 0 && input.awaitingUntil && !Number.isNaN(input.awaitingUntil.getTime())
        ? formatInstant(input.awaitingUntil, input.timeZone, locale)
        : null,
  };

  const facts: { label: string; value: string }[] = [];
  if (due) facts.push({ label: copy.labels.deadline, value: due.long });
  if (pending.length > 0) facts.push({ label: copy.labels.pending, value: list(pending) });
  if (unstaffed.length > 0) facts.push({ label: copy.labels.unstaffed, value: list(unstaffed) });
  if (step && STEP_KINDS.has(kind) && step.round > 1) {
    facts.push({ label: copy.labels.round, value: String(step.round) });
  }
  const signed = kind === 'signed_in_your_place' ? input.signedInYourPlace : null;
  if (signed) {
    // When, on the delegator's clock; then the basis the delegate signed on.
    if (!Number.isNaN(signed.at.getTime()))
      facts.push({
        label: copy.labels.signedAt,
        value: formatInstant(signed.at, input.timeZone, locale).long,
      });
    facts.push({ label: copy.labels.legalBasis, value: oneLine(signed.legalBasis) });
    if (signed.reference?.trim())
      facts.push({ label: copy.labels.reference, value: oneLine(signed.reference) });
  }

  const paragraphs = copy.paragraphs(context);
  const { action, inboxAction } = paragraphs;
  const happened =
    context.actor && context.inPlaceOf
      ? `${paragraphs.happened} ${copy.signedInPlaceOf(context.actor, context.inPlaceOf)}`
      : paragraphs.happened;
  const comment = input.comment?.replace(/\r\n?/g, '\n').trim();
  const appUrl = input.appUrl?.trim();

  return {
    locale,
    subject: oneLine(`[${oneLine(input.project.code)}] ${copy.subject(context)}`),
    greeting: copy.greeting(oneLine(input.recipientName)),
    happened,
    action,
    ...(inboxAction ? { inbox: { action: inboxAction } } : {}),
    facts,
    comment: comment ? { label: copy.commentLabel(context), lines: comment.split('\n') } : null,
    // A step still waiting on a decision opens its decision panel; anything else the workflow.
    link: appUrl
      ? open && step
        ? { label: copy.labels.stepLink, url: stepUrl(appUrl, input.workflow.id, step.key) }
        : { label: copy.labels.link, url: workflowUrl(appUrl, input.workflow.id) }
      : null,
    signature: copy.signature,
  };
}

/** The recipient's language; the other one only if an old record lacks it (better than blank). */
function pick(text: LocalizedText, locale: NotificationLocale): string {
  return oneLine(text[locale] ?? '') || oneLine(text[locale === 'es' ? 'en' : 'es'] ?? '');
}

function projectLabel(code: string, name: string): string {
  const cleanCode = oneLine(code);
  return name && name !== cleanCode ? `${name} (${cleanCode})` : cleanCode;
}

/**
 * Returns the text on one line, every run of whitespace a single space, trimmed: names and
 * subjects are single lines, as a stray newline would break a header or a sentence.
 */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Returns a composed message written out for every place it is read: the email's two parts and
 * the inbox.
 */
export function rendered(message: Message): RenderedNotification {
  return {
    subject: message.subject,
    text: toText(message),
    html: toHtml(message),
    inApp: toInApp(message),
    eventText: toEventText(message),
    url: message.link?.url ?? null,
  };
}

/**
 * Returns the email's plain-text part: the message between a greeting and a signature, with its
 * link.
 */
export function toText(message: Message): string {
  const blocks: string[] = [message.greeting, message.happened];
  if (message.comment) {
    const quoted = message.comment.lines.map((line) => (line ? `> ${line}` : '>'));
    blocks.push([message.comment.label, ...quoted].join('\n'));
  }
  blocks.push(message.action);
  blocks.push(message.facts.map((fact) => `${fact.label}: ${fact.value}`).join('\n'));
  if (message.link) blocks.push(`${message.link.label}: ${message.link.url}`);
  blocks.push(message.signature);
  return `${blocks.join('\n\n')}\n`;
}

/**
 * Returns the in-app body, plain text with a blank line between parts: what happened, the
 * comment, what to do, the facts (one a line). The inbox is already in Puentes and shows the
 * reader their own notices, so the email's greeting, link and signature are left out, the
 * comment is not quoted with `>` as in a mail reader, and the parts with an inbox wording
 * (`message.inbox`) read that way instead of the email's.
 */
export function toInApp(message: Message): string {
  const blocks: string[] = [message.inbox?.happened ?? message.happened];
  if (message.comment) blocks.push([message.comment.label, ...message.comment.lines].join('\n'));
  blocks.push(message.inbox?.action ?? message.action);
  blocks.push(message.facts.map((fact) => `${fact.label}: ${fact.value}`).join('\n'));
  return blocks.filter(Boolean).join('\n\n');
}

/**
 * Returns a calendar event's description (RFC 5545 DESCRIPTION), plain text: what happened,
 * the comment, what to do, the facts and the link, in the email's words. A calendar entry is
 * not a letter, so the greeting and the signature are left out (it was the whole email), and
 * the link stays in the text as well as in the event's URL, which not every calendar shows.
 */
export function toEventText(message: Message): string {
  const blocks: string[] = [message.happened];
  if (message.comment) blocks.push([message.comment.label, ...message.comment.lines].join('\n'));
  blocks.push(message.action);
  blocks.push(message.facts.map((fact) => `${fact.label}: ${fact.value}`).join('\n'));
  if (message.link) blocks.push(`${message.link.label}: ${message.link.url}`);
  return blocks.filter(Boolean).join('\n\n');
}

/** Returns the email's HTML part: the same parts as `toText`, with the link as an anchor. */
export function toHtml(message: Message): string {
  const body: string[] = [
    `<p>${escapeHtml(message.greeting)}</p>`,
    `<p>${escapeHtml(message.happened)}</p>`,
  ];
  if (message.comment) {
    body.push(
      `<p><strong>${escapeHtml(message.comment.label)}</strong></p>`,
      '<blockquote style="margin:0 0 16px;padding:4px 16px;border-left:4px solid #71767a">',
      `<p>${message.comment.lines.map(escapeHtml).join('<br>')}</p>`,
      '</blockquote>',
    );
  }
  body.push(
    `<p>${escapeHtml(message.action)}</p>`,
    '<ul>',
    ...message.facts.map(
      (fact) => `<li><strong>${escapeHtml(fact.label)}:</strong> ${escapeHtml(fact.value)}</li>`,
    ),
    '</ul>',
  );
  if (message.link) {
    body.push(
      `<p><a href="${escapeHtml(message.link.url)}">${escapeHtml(message.link.label)}</a></p>`,
    );
  }
  body.push(`<p style="color:#565c65;font-size:14px">${escapeHtml(message.signature)}</p>`);
  return [
    '<!DOCTYPE html>',
    `<html lang="${message.locale}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(message.subject)}</title>`,
    '</head>',
    '<body style="margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1b1b1b;background:#ffffff">',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Escapes text for HTML content and double- or single-quoted attribute values. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char] ?? char);
}

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
