import type { Browser } from 'playwright-core';
import {
  expectAccessible,
  launchBrowser,
  need,
  openUser,
  settle,
  signIn,
  tabTo,
  visibleText,
} from '../support/browser';
import { STEPS, createScenario, startService, type Scenario, type StepView } from './scenario';
import { either } from './ui';

jest.setTimeout(120_000);

/** The new section of My tasks, in either language. */
const SECTION = /^(waiting for your resubmission|en espera de su reenvío)$/i;

/**
 * A step an approver sent back for changes waits on its coordinator's resubmission, which the
 * inbox (decisions only) never lists: My tasks shows it to the coordinator in a section of its
 * own, with a link that opens the step's resubmit panel; once resubmitted it leaves the list.
 * The requests for changes are made through the API (the approver's side is the approval
 * journey's subject); the coordinator's side is the browser's.
 */
describe('browser: steps waiting for the coordinator’s resubmission, in My tasks', () => {
  let service: Awaited<ReturnType<typeof startService>>;
  let browser: Browser;
  let s: Scenario;

  /** A new workflow on a new project whose first step the SRE approver sent back. */
  const sentBack = async (en: string, es: string) => {
    const project = await s.project(en, es);
    const { id } = await s.startWorkflow(project.id);
    const view = await s.decide(id, 'expediente', s.people.sre, {
      decision: 'request_changes',
      comment: 'The site plan does not match the traffic study.',
    });
    // The view's signatures carry their instant (the scenario's type leaves it out).
    const steps = view.steps as (StepView & { assignees: { decidedAt: string | null }[] })[];
    const step = steps.find((x) => x.key === 'expediente')!;
    expect(step.status).toBe('changes_requested');
    return { project, workflowId: id, requestedAt: step.assignees[0].decidedAt! };
  };

  beforeAll(async () => {
    [service, browser] = await Promise.all([startService(), launchBrowser()]);
    s = await createScenario(service.app);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.app.close();
    await service?.smtp.close();
  });

  it('the coordinator finds the step in My tasks, resubmits it from there with the keyboard, and it is gone', async () => {
    const names = { en: 'Lukeville port of entry', es: 'Garita de Sonoyta' };
    const { project, workflowId, requestedAt } = await sentBack(names.en, names.es);

    // Her browser's clock is New York's; her profile says Mexico City: the app follows her.
    const { page, context, errors } = await openUser(browser, service.app.url, {
      locale: 'en-US',
      timezoneId: 'America/New_York',
    });
    await signIn(page, s.people.coordinator, '/tasks');
    await settle(page, 'My tasks of the coordinator');
    const section = await need(
      page.getByRole('region', { name: SECTION }),
      'a "Waiting for your resubmission" section (a region named by its heading) in My tasks',
    );
    await need(
      section.getByRole('heading', { level: 2, name: SECTION }),
      'the section’s heading (h2)',
    );
    await need(
      section.getByText(/changes were requested.*resubmit/i),
      'what to do: changes were requested, review them and resubmit',
    );
    const item = section
      .getByRole('listitem')
      .filter({ has: page.getByRole('link', { name: either(STEPS.file) }) });
    await need(item, `an item "${STEPS.file.en}" in the section's list`);
    expect(await section.getByRole('listitem').count()).toBe(1);
    const text = await visibleText(item);
    expect(text).toContain(`${project.code} — ${names.en}`);
    // Who asked for the changes: the SRE approver's agency.
    expect(text).toMatch(/Asked by\s*SRE\b/);
    // When changes were requested: the instant, written in her zone like the page's other dates.
    const time = item.locator('time');
    expect(await time.getAttribute('datetime')).toBe(requestedAt);
    const local = new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/Mexico_City',
      dateStyle: 'medium',
      timeStyle: 'short',
    })
      .format(new Date(requestedAt))
      .replace(/\s+/g, ' ');
    expect(await visibleText(time)).toContain(local);
    // She has no decision of her own to take, and the page says so without "nothing waits",
    // under a heading of its own (not as part of the resubmissions).
    await need(
      page.getByRole('heading', { level: 2, name: /^waiting for your decision$/i }),
      'the heading of the decision list (h2)',
    );
    await need(
      page.getByText(/^no step is waiting for your decision\.$/i),
      'the inbox saying no step waits for her decision',
    );
    await expectAccessible(page, 'My tasks with a step waiting for resubmission (en)');

    // With the keyboard: to the item's link, Enter, and the resubmit panel is open on arrival.
    await tabTo(page, item.getByRole('link', { name: either(STEPS.file) }), 'the item’s link');
    await page.keyboard.press('Enter');
    await page.waitForURL(
      (url) =>
        url.pathname === `/workflows/${workflowId}` &&
        url.searchParams.get('step') === 'expediente',
    );
    await settle(page, 'the workflow page opened from My tasks');
    const panel = await need(
      page.getByRole('region', { name: /^resubmit .*technical file/i }),
      'the resubmit panel of "Technical file", open on arrival',
    );
    await panel.getByRole('textbox').fill('Site plan corrected: four lanes, as in the study.');
    await panel.getByRole('button', { name: /^resubmit$/i }).click();
    await need(
      page.getByRole('status').filter({ hasText: /running again/i }),
      'the announcement that the step runs again',
    );
    expect(await s.step(workflowId, 'expediente')).toMatchObject({ status: 'active', round: 2 });

    // Back to My tasks: nothing waits for her resubmission any more.
    await page
      .getByRole('navigation')
      .getByRole('link', { name: /^(my tasks|mis tareas)/i })
      .click();
    await page.waitForURL((url) => url.pathname === '/tasks');
    await settle(page, 'My tasks after the resubmission');
    await page.getByRole('region', { name: SECTION }).waitFor({ state: 'detached' });
    await need(page.getByText(/^nothing is waiting for you/i), 'the empty inbox');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('in Spanish, more than ten: the first ten, and a link to all of them on Workflows', async () => {
    const patch = (locale: string) =>
      service.app
        .http()
        .patch('/api/v1/me')
        .auth(s.people.coordinator.token, { type: 'bearer' })
        .send({ locale })
        .expect(200);
    await patch('es');
    try {
      for (let i = 0; i < 11; i++)
        await sentBack(`Border project ${i}`, `Proyecto fronterizo ${i}`);
      const waiting = await service.app
        .http()
        .get('/api/v1/workflows?coordinatorId=me&changesRequested=true&limit=1')
        .auth(s.people.coordinator.token, { type: 'bearer' })
        .expect(200);
      const total = (waiting.body as { total: number }).total;
      expect(total).toBeGreaterThanOrEqual(11);

      const { page, context, errors } = await openUser(browser, service.app.url, {
        locale: 'es-MX',
        timezoneId: 'America/Mexico_City',
      });
      await signIn(page, s.people.coordinator, '/tasks');
      await settle(page, 'Mis tareas de la coordinadora');
      const section = await need(
        page.getByRole('region', { name: /^en espera de su reenvío$/i }),
        'the section "En espera de su reenvío"',
      );
      await need(section.getByText(/se solicitaron cambios.*reenvíe/i), 'what to do, in Spanish');
      await need(
        section.getByRole('link', { name: either(STEPS.file) }),
        'an item linking to its step',
      );
      expect(await section.getByRole('listitem').count()).toBe(10);
      expect(await visibleText(section.getByRole('listitem').first())).toMatch(
        /Proyecto fronterizo \d+/,
      );
      await expectAccessible(page, 'My tasks with ten steps waiting for resubmission (es)');

      await section
        .getByRole('link', { name: new RegExp(`^ver los ${total} en trámites$`, 'i') })
        .click();
      await page.waitForURL((url) => url.pathname === '/workflows');
      await settle(page, 'Trámites, filtered');
      const url = new URL(page.url());
      expect([url.searchParams.get('mine'), url.searchParams.get('changes')]).toEqual([
        'true',
        'true',
      ]);
      expect(
        await page.getByRole('checkbox', { name: /^con cambios solicitados/i }).isChecked(),
      ).toBe(true);
      await need(
        page.getByRole('status').filter({ hasText: new RegExp(`^${total} trámites$`, 'i') }),
        `the count "${total} trámites"`,
      );
      // Each row says which step waits, and on whom: the coordination.
      const rows = page.getByRole('table').getByRole('row');
      expect(await rows.count()).toBe(Math.min(total, 25) + 1);
      expect(await visibleText(rows.nth(1))).toMatch(
        /Expediente técnico Cambios solicitados Espera que la coordinación la reenvíe/,
      );
      await expectAccessible(page, 'Workflows filtered on changes requested (es)');
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      await patch('en');
    }
  });
});
