import { existsSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from 'playwright-core';

/**
 * Debian's `chromium` package (`.ci/run` installs it). playwright-core ships no browser and
 * none may be downloaded here, so this is the only one the tests use; `CHROMIUM_PATH`
 * overrides it on a machine that keeps it elsewhere.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * What each page waits for before it gives up (ms). Short enough that a missing element fails
 * within the jest timeout with a message naming it, long enough for a busy 2-core machine.
 */
export const UI_TIMEOUT = 15_000;

/** axe-core's tags for WCAG 2.0, 2.1 and 2.2 at levels A and AA. */
export const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Starts headless Chromium. A missing browser fails loudly — these tests are never skipped.
 * Playwright gives every launch a fresh temporary profile (user-data dir), deleted on close;
 * each user then gets its own context (cookies, storage) from {@link openUser}.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}: the browser tests need Debian's package ` +
        '(apt-get install -y --no-install-recommends chromium, as .ci/run does), or ' +
        'CHROMIUM_PATH pointing at a Chromium binary.',
    );
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-quic',
      '--disable-sync',
    ],
  });
}

export interface UserPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors and console errors the page reported, for failure messages. */
  errors: string[];
}

/**
 * A browser context of its own (one person: their cookies, their language, their clock
 * zone), with one page on `baseUrl`. Viewport 1366×768, the government desktop of ui.md.
 */
export async function openUser(
  browser: Browser,
  baseUrl: string,
  options: { locale?: string; timezoneId?: string } = {},
): Promise<UserPage> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale: options.locale ?? 'en-US',
    timezoneId: options.timezoneId ?? 'UTC',
    viewport: { width: 1366, height: 768 },
  });
  context.setDefaultTimeout(UI_TIMEOUT);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // A 401 from the refresh probe of a signed-out visitor is expected, not a fault.
    if (message.type() === 'error' && !/status of 401/.test(message.text()))
      errors.push(`console: ${message.text()}`);
  });
  return { context, page, errors };
}

/**
 * Waits until `locator` is visible, else fails saying what the UI lacks (and where), so a
 * test written before its page exists reads as a to-do list rather than a selector timeout.
 */
export async function need(locator: Locator, what: string, timeout = UI_TIMEOUT): Promise<Locator> {
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
  } catch {
    const page = locator.page();
    const heading = await page
      .locator('main h1')
      .first()
      .textContent({ timeout: 1_000 })
      .catch(() => null);
    throw new Error(
      `Missing in the UI: ${what}\n  at ${page.url()} (heading: ${JSON.stringify(heading)})`,
    );
  }
  return locator.first();
}

/** Labels of the sign-in form in both languages (the visitor's browser language picks one). */
const EMAIL = /^(email|correo electrónico)$/i;
const PASSWORD = /^(password|contraseña)$/i;
const SUBMIT = /^(sign in|iniciar sesión)$/i;

/**
 * Signs in through the form, as a person does: opens `path` (a signed-out visitor is sent to
 * the sign-in page, which returns there afterwards), fills the fields found by their labels,
 * submits, and waits until the app has left the sign-in page.
 */
export async function signIn(
  page: Page,
  credentials: { email: string; password: string },
  path = '/tasks',
): Promise<void> {
  if (path) await page.goto(path);
  await need(page.getByLabel(EMAIL), 'the sign-in form (an "Email" field)');
  await page.getByLabel(EMAIL).fill(credentials.email);
  await page.getByLabel(PASSWORD).fill(credentials.password);
  await page.getByRole('button', { name: SUBMIT }).click();
  await page.waitForURL((url) => url.pathname !== '/sign-in');
  // The address changes before the next page renders: wait until the form has gone.
  await page.getByLabel(EMAIL).waitFor({ state: 'detached' });
}

/**
 * Runs axe-core on the page as it is now and fails, naming every violation of WCAG 2.2 A/AA
 * (rule, impact, what to fix, and the elements), when there is any. `where` names the page in
 * the message.
 */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
  if (results.violations.length === 0) return;
  const lines = results.violations.map((v) => {
    const nodes = v.nodes
      .slice(0, 5)
      .map((n) => `      ${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\n\s*/g, ' ')}`)
      .join('\n');
    const more = v.nodes.length > 5 ? `\n      … and ${v.nodes.length - 5} more` : '';
    return `  - ${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n${nodes}${more}`;
  });
  throw new Error(
    `axe found ${results.violations.length} WCAG 2.2 A/AA violation(s) on ${where} ` +
      `(${page.url()}):\n${lines.join('\n')}`,
  );
}

/** The visible text of `locator`, whitespace collapsed (for comparing labels across languages). */
export async function visibleText(locator: Locator): Promise<string> {
  return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

/**
 * The page's global object as `page.evaluate` callbacks see it (this project compiles without
 * the DOM lib). Only a type: the callbacks run in the browser and cannot call Node code.
 */
type PageGlobal = { document: { activeElement: { outerHTML: string } | null } };

/** Texts of a page still loading, in both languages (the app's `Loading…` and session check). */
const STILL_LOADING = /^(loading…|cargando…|checking your session…|verificando su sesión…)$/i;
/** The placeholder heading of a page the web app does not have yet. */
const NOT_READY = /^(this page is not ready yet|esta página aún no está lista)$/i;

/**
 * Waits until the page shows its heading and nothing says it is still loading; fails naming
 * `what` when the heading never comes, or when the page is still the "not ready yet" stub.
 */
export async function settle(page: Page, what: string): Promise<void> {
  await need(page.locator('main h1'), `${what}: a page heading (h1)`);
  await page
    .getByRole('status')
    .filter({ hasText: STILL_LOADING })
    .first()
    .waitFor({ state: 'detached', timeout: UI_TIMEOUT })
    .catch(() => {
      throw new Error(`${what}: still loading after ${UI_TIMEOUT} ms at ${page.url()}`);
    });
  const heading = (await page.locator('main h1').first().innerText()).trim();
  if (NOT_READY.test(heading))
    throw new Error(
      `Missing in the UI: ${what} — the page is still a placeholder at ${page.url()}`,
    );
}

/**
 * Presses Tab (at most `max` times) until `target` has the focus: how a keyboard user gets
 * there. Fails naming `what` when Tab never reaches it (a keyboard trap or an unreachable
 * control).
 */
export async function tabTo(page: Page, target: Locator, what: string, max = 60): Promise<void> {
  const element = await (await need(target, what)).elementHandle();
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (
      await page.evaluate(
        (el) => (globalThis as unknown as PageGlobal).document.activeElement === el,
        element,
      )
    )
      return;
  }
  const focused = await page.evaluate(() =>
    (globalThis as unknown as PageGlobal).document.activeElement?.outerHTML.slice(0, 200),
  );
  throw new Error(`Tab did not reach ${what} in ${max} presses (focus is on ${focused})`);
}

/**
 * Picks `option` in the control labelled `label`, whether it is a native `<select>` or an
 * ARIA combobox/listbox (react-aria's Select), the way a person does with a mouse.
 */
export async function choose(page: Page, label: RegExp, option: RegExp, what: string) {
  const control = await need(page.getByLabel(label), what);
  const tag = await control.evaluate((el) => el.tagName.toLowerCase());
  if (tag === 'select') {
    const value = await control.evaluate(
      (el, source) =>
        Array.from(
          (el as unknown as { options: ArrayLike<{ text: string; value: string }> }).options,
        ).find((o) => new RegExp(source, 'i').test(o.text))?.value,
      option.source,
    );
    if (value === undefined) throw new Error(`Missing in the UI: ${what} has no option ${option}`);
    await control.selectOption(value);
    return;
  }
  await control.click();
  await (
    await need(page.getByRole('option', { name: option }), `${what}: option ${option}`)
  ).click();
}

/** Whether `locator`'s element has the keyboard focus. */
export function hasFocus(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => el === el.ownerDocument.activeElement);
}

/**
 * A field a form refused, as a keyboard or screen-reader user meets it: marked `aria-invalid`,
 * holding the focus (waited for: the form moves it once the marks are on the page), and
 * described (`aria-describedby`) by a message that is `message` (a string: exactly; a pattern:
 * matching). `what` names the field in a failure.
 */
export async function expectRefusedField(
  page: Page,
  field: Locator,
  message: string | RegExp,
  what: string,
): Promise<void> {
  await need(field.and(page.locator('[aria-invalid="true"]')), `${what}, marked`);
  await page
    .waitForFunction((el) => el === el?.ownerDocument.activeElement, await field.elementHandle(), {
      timeout: 5_000,
    })
    .catch(() => undefined);
  expect([what, await hasFocus(field)]).toEqual([what, true]);
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
  expect([what, ids.length > 0]).toEqual([what, true]);
  const texts = await Promise.all(ids.map((id) => visibleText(page.locator(`[id="${id}"]`))));
  if (typeof message === 'string') expect(texts).toContain(message);
  else expect([what, texts.some((text) => message.test(text))]).toEqual([what, true]);
}
