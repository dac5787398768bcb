import type { Page } from 'playwright-core';
import { need, settle } from '../support/browser';

/**
 * How the browser tests find the app's controls: by role and accessible name, in either
 * language (a person reads the label; so does a screen reader), never by CSS class.
 */

export const DECISIONS = {
  approve: /^(approve|aprobar)$/i,
  request_changes: /^(request changes|solicitar cambios)$/i,
  reject: /^(reject|rechazar)$/i,
};
const PANEL = /(decision on|decisión sobre)/i;
const SUBMIT_DECISION = /^(record my decision|registrar mi decisión)$/i;
const COMMENT = /(comment|comentario)/i;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A step's (or project's) name in either language, as a pattern. */
export const either = (names: { en: string; es: string }) =>
  new RegExp(`(${escape(names.en)}|${escape(names.es)})`, 'i');

/** The decision panel of the step named `step`, opening it with its "Decide" button if shut. */
export async function openDecision(page: Page, step: { en: string; es: string }) {
  const panel = page.getByRole('region', { name: PANEL });
  if (!(await panel.isVisible().catch(() => false))) {
    const open = page.getByRole('button', {
      name: new RegExp(`(decide|decidir).*${either(step).source}`, 'i'),
    });
    const visible = await open
      .first()
      .waitFor({ state: 'visible', timeout: 3_000 })
      .then(() => true)
      .catch(() => false);
    if (visible) await open.first().click();
  }
  return need(panel, `the decision panel of "${step.en}" (a region named "Your decision on …")`);
}

/**
 * Records a decision in the open panel (a comment when given) and waits for the app to say it
 * was recorded; returns the announcement's text.
 */
export async function decide(
  page: Page,
  step: { en: string; es: string },
  decision: keyof typeof DECISIONS,
  comment?: string,
): Promise<string> {
  const panel = await openDecision(page, step);
  await panel.getByRole('radio', { name: DECISIONS[decision] }).check();
  if (comment) await panel.getByRole('textbox', { name: COMMENT }).fill(comment);
  await panel.getByRole('button', { name: SUBMIT_DECISION }).click();
  const done = await need(
    page.getByRole('status').filter({ hasText: /(recorded|registrad)/i }),
    'the announcement that the decision was recorded',
  );
  return done.innerText();
}

/** The list item of a step on the workflow page (the accessible list beside the graph). */
export function stepItem(page: Page, step: { en: string; es: string }) {
  return page
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: either(step) }) });
}

/** Signs out with the header's button and waits for the sign-in page. */
export async function signOut(page: Page) {
  await (
    await need(page.getByRole('button', { name: /^(sign out|cerrar sesión)$/i }), 'Sign out')
  ).click();
  await page.waitForURL((url) => url.pathname === '/sign-in');
  await settle(page, 'the sign-in page after signing out');
}
