import { DateTime } from 'luxon';
import { formatInstant } from './format-instant';
import { meetingUrl } from './links';
import { NOTIFICATION_COPY } from './notification-copy';
import type {
  GroupNotificationKind,
  LocalizedText,
  NotificationLocale,
} from './notification-kinds';
import { type Message, oneLine, rendered, type RenderedNotification } from './render-notification';

export type MeetingKind = 'regional' | 'plenary' | 'extraordinary';

/** A notification about a technical group's meeting: its invitation or its minutes. */
export interface GroupNotificationInput {
  readonly kind: GroupNotificationKind;
  readonly locale: NotificationLocale;
  /** The recipient's IANA time zone: the meeting's time is shown there first. */
  readonly timeZone: string;
  readonly recipientName: string;
  readonly group: { readonly code: string; readonly name: LocalizedText };
  readonly meeting: {
    readonly id: string;
    readonly kind: MeetingKind;
    readonly title: LocalizedText;
    readonly startsAt: Date;
    /** The zone the meeting was scheduled in (its venue's, or the organizer's). */
    readonly timeZone: string;
    readonly durationMinutes: number;
    readonly place?: string | null;
    readonly link?: string | null;
    /** The agenda's headings, in order (invitations). */
    readonly agenda?: readonly LocalizedText[];
    /** What a change changed, with its earlier values (`meeting_rescheduled`). */
    readonly before?: MeetingBefore;
    /** Why it was called off (`meeting_cancelled`). */
    readonly cancellationNote?: string | null;
  };
  /** Required for `minutes_published`. */
  readonly minutes?: {
    readonly version: number;
    readonly decisions: readonly LocalizedText[];
    readonly correctionNote?: string | null;
  };
  /** `PUBLIC_URL`: the message links to the meeting's page under it. */
  readonly appUrl?: string;
}

/**
 * The earlier values of what a co-chair changed in a meeting: a field is present only when it
 * changed (`place: null`, a place added where there was none).
 */
export interface MeetingBefore {
  readonly title?: LocalizedText;
  readonly startsAt?: Date;
  readonly timeZone?: string;
  readonly durationMinutes?: number;
  readonly place?: string | null;
  readonly link?: string | null;
}

const KIND_NAMES: Readonly<Record<NotificationLocale, Readonly<Record<MeetingKind, string>>>> = {
  en: {
    regional: 'regional meeting',
    plenary: 'plenary meeting',
    extraordinary: 'extraordinary meeting',
  },
  es: {
    regional: 'reunión regional',
    plenary: 'reunión plenaria',
    extraordinary: 'reunión extraordinaria',
  },
};

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * True when a meeting's title says no more than its kind: a meeting scheduled without a title
 * takes its kind's label ("Extraordinary meeting") as its title, and a sentence that names the
 * kind and then the title would say it twice. Such a meeting is named by its kind and date.
 */
export function titleIsKind(title: string, kind: MeetingKind, locale: NotificationLocale): boolean {
  return title.trim().toLocaleLowerCase(locale) === KIND_NAMES[locale][kind];
}

/**
 * The calendar date of `at` in the reader's zone, as the body's "When" line gives it (so the
 * two never disagree near midnight): `January 14, 2027` / `14 de enero de 2027`.
 */
function dateOf(at: Date, timeZone: string, locale: NotificationLocale): string {
  const luxonLocale = locale === 'es' ? 'es-MX' : 'en-US';
  let local = DateTime.fromJSDate(at, { zone: timeZone }).setLocale(luxonLocale);
  if (!local.isValid) local = DateTime.fromJSDate(at, { zone: 'UTC' }).setLocale(luxonLocale);
  return local.toFormat(locale === 'es' ? "d 'de' LLLL 'de' yyyy" : 'LLLL d, yyyy');
}

/**
 * Returns a meeting invitation or a minutes notice rendered for the email and the inbox (where
 * an attachment or signing in is not mentioned), in the recipient's language, with the
 * meeting's time in the recipient's zone and, when it differs, in the meeting's own zone too:
 * a Phoenix member and a Ciudad Juárez member read the same instant each in their own time.
 * Pure: the same input always gives the same output.
 *
 * @throws TypeError for `minutes_published` without its `minutes`.
 * @example
 * renderGroupNotification({
 *   kind: 'meeting_invitation', locale: 'en', timeZone: 'America/Phoenix', recipientName: 'Ann',
 *   group: { code: 'SON-AZ', name: { en: 'Sonora–Arizona', es: 'Sonora–Arizona' } },
 *   meeting: { id: 'm1', kind: 'regional', title: { en: 'Q3 review', es: 'Revisión T3' },
 *              startsAt: new Date('2026-07-16T16:00:00Z'), timeZone: 'America/Hermosillo',
 *              durationMinutes: 90 },
 * }).subject;
 * // '[SON-AZ] Invitation: Q3 review — Thu, Jul 16, 9:00 AM Arizona time (MST)'
 */
export function renderGroupNotification(input: GroupNotificationInput): RenderedNotification {
  return rendered(compose(input));
}

function compose(input: GroupNotificationInput): Message {
  const { locale, meeting } = input;
  const en = locale === 'en';
  const when = formatInstant(meeting.startsAt, input.timeZone, locale);
  const group = oneLine(input.group.name[locale]);
  const title = oneLine(meeting.title[locale]);
  const kindName = KIND_NAMES[locale][meeting.kind];
  // A meeting without a title of its own is named once, by its kind and date: "the
  // extraordinary meeting of the … Group held on January 14, 2027", never "…, Extraordinary
  // meeting".
  const untitled = titleIsKind(meeting.title[locale], meeting.kind, locale);
  const day = (at: Date = meeting.startsAt) => dateOf(at, input.timeZone, locale);
  const subjectName = untitled ? `${capitalize(kindName)} ${en ? 'of' : 'del'} ${day()}` : title;
  // A change names what it changed, each beside its earlier value; the rest is as it was.
  const changes = input.kind === 'meeting_rescheduled' ? changesOf(input) : NO_CHANGES;
  const b = meeting.before ?? {};
  const none = (feminine: boolean) => (en ? '(none)' : feminine ? '(ninguna)' : '(ninguno)');
  const facts: { label: string; value: string }[] = [];
  if (changes.title && b.title) {
    facts.push({
      label: en ? 'Previous title' : 'Título anterior',
      value: oneLine(b.title[locale]),
    });
  }
  facts.push({ label: en ? 'When' : 'Fecha y hora', value: when.long });
  if (changes.start && b.startsAt) {
    facts.push({
      label: en ? 'Was' : 'Antes',
      value: formatInstant(b.startsAt, input.timeZone, locale).long,
    });
  }
  // Beside the reader's own time, the meeting's, when the two clocks differ at that instant
  // (Phoenix and Hermosillo agree all year; Denver and Hermosillo only in winter), or when the
  // meeting's zone is what changed.
  const offset = (zone: string) => DateTime.fromJSDate(meeting.startsAt, { zone }).offset;
  if (changes.timeZone || offset(meeting.timeZone) !== offset(input.timeZone)) {
    facts.push({
      // The value names the zone in words; the label never shows an IANA id to a person.
      label: en ? 'Local time of the meeting' : 'Hora local de la reunión',
      value: formatInstant(meeting.startsAt, meeting.timeZone, locale).long,
    });
  }
  if (changes.timeZone && b.timeZone) {
    facts.push({
      label: en ? 'Previous local time of the meeting' : 'Hora local anterior de la reunión',
      value: formatInstant(meeting.startsAt, b.timeZone, locale).long,
    });
  }
  const minutesOf = (length: number) => (en ? `${length} minutes` : `${length} minutos`);
  facts.push({ label: en ? 'Duration' : 'Duración', value: minutesOf(meeting.durationMinutes) });
  if (changes.duration && b.durationMinutes !== undefined) {
    facts.push({
      label: en ? 'Previous duration' : 'Duración anterior',
      value: minutesOf(b.durationMinutes),
    });
  }
  // A place or link that was removed is said to be gone, not left out.
  if (meeting.place || changes.place) {
    facts.push({
      label: en ? 'Place' : 'Sede',
      value: meeting.place ? oneLine(meeting.place) : none(true),
    });
  }
  if (changes.place) {
    facts.push({
      label: en ? 'Previous place' : 'Sede anterior',
      value: b.place ? oneLine(b.place) : none(true),
    });
  }
  if (meeting.link || changes.link) {
    facts.push({
      label: en ? 'Link' : 'Enlace',
      value: meeting.link ? oneLine(meeting.link) : none(false),
    });
  }
  if (changes.link) {
    facts.push({
      label: en ? 'Previous link' : 'Enlace anterior',
      value: b.link ? oneLine(b.link) : none(false),
    });
  }

  const numbered = (items: readonly LocalizedText[]) =>
    items.map((item, index) => `${index + 1}. ${oneLine(item[locale])}`);
  const signature = NOTIFICATION_COPY[locale].signature;
  const greeting = NOTIFICATION_COPY[locale].greeting(oneLine(input.recipientName));
  const prefix = `[${oneLine(input.group.code)}] `;
  const link = input.appUrl
    ? {
        label: en ? 'Open the meeting in Puentes' : 'Ver la reunión en Puentes',
        url: meetingUrl(input.appUrl, input.group.code, meeting.id),
      }
    : null;

  if (input.kind === 'meeting_invitation') {
    const agenda = meeting.agenda ?? [];
    return {
      locale,
      subject: oneLine(
        `${prefix}${en ? 'Invitation' : 'Convocatoria'}: ${title} — ${en ? '' : 'el '}${when.short}`,
      ),
      greeting,
      happened: untitled
        ? en
          ? `You are invited to the ${kindName} of the ${group} on ${day()}.`
          : `Se le convoca a la ${kindName} del ${group} que se celebrará el ${day()}.`
        : en
          ? `You are invited to the ${kindName} of the ${group}: ${title}.`
          : `Se le convoca a la ${kindName} del ${group}: ${title}.`,
      action: en
        ? 'The calendar invitation is attached. The agenda may be updated before the meeting; see it in Puentes.'
        : 'Se adjunta la invitación de calendario. El orden del día puede actualizarse antes de la reunión; consúltelo en Puentes.',
      inbox: {
        action: en
          ? "The calendar invitation is sent to you by email. The agenda may be updated before the meeting; see it on the meeting's page."
          : 'La invitación de calendario se le envía por correo electrónico. El orden del día puede actualizarse antes de la reunión; consúltelo en la página de la reunión.',
      },
      facts,
      comment:
        agenda.length > 0
          ? { label: en ? 'Agenda:' : 'Orden del día:', lines: numbered(agenda) }
          : null,
      link,
      signature,
    };
  }

  if (input.kind === 'meeting_rescheduled') {
    // "Now <time>" only for a meeting that moved: a change of title, length, place or link
    // keeps the time, and "now" beside the same time read as a move that did not happen.
    const what = changedNames(changes, locale);
    const news = changes.start
      ? `${en ? 'now ' : 'ahora el '}${when.short}`
      : what.length > 0
        ? listOf(what, locale)
        : null;
    return {
      locale,
      subject: oneLine(
        `${prefix}${en ? 'Changed' : 'Cambio'}: ${title}${news ? ` — ${news}` : ''}`,
      ),
      greeting,
      // An untitled meeting is known by the date it had: the one members wrote down.
      happened: untitled
        ? en
          ? `The ${kindName} of the ${group} planned for ${day(b.startsAt)} has changed; please note the new details below.`
          : `La ${kindName} del ${group} prevista para el ${day(b.startsAt)} cambió; le pedimos tomar nota de los nuevos datos.`
        : en
          ? `The ${kindName} of the ${group} (${title}) has changed; please note the new details below.`
          : `La ${kindName} del ${group} (${title}) cambió; le pedimos tomar nota de los nuevos datos.`,
      action: en
        ? 'The attached calendar invitation replaces the earlier one.'
        : 'La invitación de calendario adjunta sustituye a la anterior.',
      inbox: {
        action: en
          ? 'An updated calendar invitation, sent to you by email, replaces the earlier one.'
          : 'Una invitación de calendario actualizada, que se le envía por correo electrónico, sustituye a la anterior.',
      },
      facts,
      comment: null,
      link,
      signature,
    };
  }

  if (input.kind === 'meeting_cancelled') {
    if (meeting.cancellationNote) {
      facts.push({ label: en ? 'Reason' : 'Motivo', value: oneLine(meeting.cancellationNote) });
    }
    return {
      locale,
      subject: oneLine(
        `${prefix}${en ? 'Cancelled' : 'Cancelada'}: ${title} — ${en ? '' : 'el '}${when.short}`,
      ),
      greeting,
      happened: untitled
        ? en
          ? `The ${kindName} of the ${group} on ${day()} is cancelled.`
          : `Se cancela la ${kindName} del ${group} prevista para el ${day()}.`
        : en
          ? `The ${kindName} of the ${group} (${title}) is cancelled.`
          : `Se cancela la ${kindName} del ${group} (${title}).`,
      action: en
        ? 'The attached calendar update removes it from your calendar.'
        : 'La actualización de calendario adjunta la retira de su calendario.',
      inbox: {
        action: en
          ? 'A calendar update, sent to you by email, removes it from your calendar.'
          : 'Una actualización de calendario, que se le envía por correo electrónico, la retira de su calendario.',
      },
      facts,
      comment: null,
      link,
      signature,
    };
  }

  const minutes = input.minutes;
  if (!minutes) throw new TypeError('A minutes_published notification needs its minutes');
  if (minutes.version > 1) {
    facts.unshift({ label: en ? 'Version' : 'Versión', value: String(minutes.version) });
  }
  if (minutes.correctionNote) {
    facts.push({
      label: en ? 'Correction' : 'Corrección',
      value: oneLine(minutes.correctionNote),
    });
  }
  const corrected = minutes.version > 1;
  return {
    locale,
    subject: oneLine(
      en
        ? `${prefix}${corrected ? 'Corrected minutes' : 'Minutes'}: ${subjectName}${corrected ? ` (version ${minutes.version})` : ''}`
        : `${prefix}${corrected ? 'Minuta corregida' : 'Minuta'}: ${subjectName}${corrected ? ` (versión ${minutes.version})` : ''}`,
    ),
    greeting,
    happened: en
      ? `${corrected ? `A corrected version (${minutes.version}) of the minutes` : 'The minutes'} of the ${kindName} of the ${group}${untitled ? ` held on ${day()}` : `, ${title},`} ${corrected ? 'has' : 'have'} been published.`
      : `${capitalize(corrected ? `se publicó una versión corregida (${minutes.version}) de la minuta` : 'se publicó la minuta')} de la ${kindName} del ${group}${untitled ? ` celebrada el ${day()}` : `: ${title}`}.`,
    action: en
      ? 'Please sign in to Puentes to read them in full, with the attendance and the action items.'
      : 'Le solicitamos ingresar a Puentes para consultarla completa, con la asistencia y los compromisos.',
    inbox: {
      action: en
        ? "The full minutes, with the attendance and the action items, are on the meeting's page."
        : 'La minuta completa, con la asistencia y los compromisos, puede consultarse en la página de la reunión.',
    },
    facts,
    comment:
      minutes.decisions.length > 0
        ? { label: en ? 'Decisions:' : 'Acuerdos:', lines: numbered(minutes.decisions) }
        : null,
    link,
    signature,
  };
}

/** Which of a meeting's details a change changed, as the reader sees them. */
interface Changes {
  readonly title: boolean;
  readonly start: boolean;
  /** The meeting's zone, when the time itself did not move (Hermosillo to Phoenix). */
  readonly timeZone: boolean;
  readonly duration: boolean;
  readonly place: boolean;
  readonly link: boolean;
}

const NO_CHANGES: Changes = {
  title: false,
  start: false,
  timeZone: false,
  duration: false,
  place: false,
  link: false,
};

/**
 * What changed, from the earlier values the notice carries: a field the notice names and whose
 * value differs. The title is compared in the reader's language (a fix to the other language's
 * title is not news to them).
 */
function changesOf({ meeting, locale }: GroupNotificationInput): Changes {
  const b = meeting.before ?? {};
  const start = b.startsAt !== undefined && b.startsAt.getTime() !== meeting.startsAt.getTime();
  return {
    title: b.title !== undefined && oneLine(b.title[locale]) !== oneLine(meeting.title[locale]),
    start,
    timeZone: !start && b.timeZone !== undefined && b.timeZone !== meeting.timeZone,
    duration: b.durationMinutes !== undefined && b.durationMinutes !== meeting.durationMinutes,
    place: 'place' in b && (b.place ?? null) !== (meeting.place ?? null),
    link: 'link' in b && (b.link ?? null) !== (meeting.link ?? null),
  };
}

const CHANGE_NAMES: Readonly<
  Record<NotificationLocale, Readonly<Record<Exclude<keyof Changes, 'start'>, string>>>
> = {
  en: {
    title: 'title',
    timeZone: 'time zone',
    duration: 'duration',
    place: 'place',
    link: 'video link',
  },
  es: {
    title: 'título',
    timeZone: 'zona horaria',
    duration: 'duración',
    place: 'sede',
    link: 'enlace de videollamada',
  },
};

/** The names of what changed besides the start, in the order the facts give them. */
function changedNames(changes: Changes, locale: NotificationLocale): string[] {
  const names = CHANGE_NAMES[locale];
  return (['title', 'timeZone', 'duration', 'place', 'link'] as const)
    .filter((field) => changes[field])
    .map((field) => names[field]);
}

/** `place and video link`, `title, place and video link` / `sede y enlace de videollamada`. */
function listOf(items: readonly string[], locale: NotificationLocale): string {
  const and = locale === 'en' ? ' and ' : ' y ';
  return items.length < 2
    ? items.join('')
    : `${items.slice(0, -1).join(', ')}${and}${items[items.length - 1]}`;
}
