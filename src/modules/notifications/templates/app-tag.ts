/**
 * The tag an email's subject opens with when its notice is about no project or group (a
 * delegation, a history checkpoint): in a mailbox it tells the message for Puentes'. Inside the
 * app every notice is Puentes', so there it is noise: the in-app title goes without it. A
 * project's or group's own tag (`[OTAY-MESA-EAST]`) is no app tag: it says which one, and stays.
 */
const APP_TAG = '[Puentes] ';

/**
 * Returns the email subject of a notice about no project or group: its title under the app's
 * tag.
 *
 * @example
 * withAppTag('Suplencia: usted puede firmar en suplencia de Ana');
 * // '[Puentes] Suplencia: usted puede firmar en suplencia de Ana'
 */
export function withAppTag(title: string): string {
  return `${APP_TAG}${title}`;
}

/**
 * Returns the title the app shows (the notifications page) for a notice's email subject: the
 * subject without the app's own tag; any other tag, a project's or a group's, is kept.
 *
 * @example
 * inAppTitle('[Puentes] Suplencia: usted puede firmar en suplencia de Ana');
 * // 'Suplencia: usted puede firmar en suplencia de Ana'
 * inAppTitle('[OTAY-MESA-EAST] Action needed: SRE opinion'); // unchanged
 */
export function inAppTitle(subject: string): string {
  return subject.startsWith(APP_TAG) ? subject.slice(APP_TAG.length) : subject;
}
