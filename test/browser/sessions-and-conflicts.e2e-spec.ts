import type { Browser, Page } from 'playwright-core';
import { launchBrowser, need, openUser, settle, signIn } from '../support/browser';
import { STEPS, createScenario, startService, type Scenario } from './scenario';
import { DECISIONS, openDecision, signOut, stepItem } from './ui';

jest.setTimeout(120_000);

/**
 * Two people at once, and a session across reloads: what the browser keeps (a refresh cookie
 * it cannot read from scripts) and what logout ends.
 */
describe('browser: sessions and simultaneous decisions', () => {
  let service: Awaited<ReturnType<typeof startService>>;
  let browser: Browser;
  let s: Scenario;

  beforeAll(async () => {
    [service, browser] = await Promise.all([startService(), launchBrowser()]);
    s = await createScenario(service.app);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.app.close();
    await service?.smtp.close();
  });

  it('two approvers deciding the same assignee at once: one wins, the other is told and sees the new state', async () => {
    const { id: projectId } = await s.project('Sasabe port of entry', 'Garita de Sásabe');
    const { id } = await s.startWorkflow(projectId);
    const sessions = await Promise.all(
      [s.people.sre, s.people.sre2].map(async (who) => {
        const user = await openUser(browser, service.app.url, { locale: 'es-MX' });
        await signIn(user.page, who, `/workflows/${id}?step=expediente`);
        await settle(user.page, `the workflow page of ${who.name}`);
        const panel = await openDecision(user.page, STEPS.file);
        await panel.getByRole('radio', { name: DECISIONS.approve }).check();
        return { ...user, panel };
      }),
    );
    // Both press the button at the same moment.
    await Promise.all(
      sessions.map(({ panel }) =>
        panel
          .getByRole('button', { name: /^(record my decision|registrar mi decisión)$/i })
          .click(),
      ),
    );
    const outcome = async (page: Page) => {
      const status = page
        .getByRole('status')
        .filter({ hasText: /(registrada|otra persona decidió)/i });
      await need(status, 'the announcement of the decision’s outcome');
      return (await status.first().innerText()).trim();
    };
    const said = await Promise.all(sessions.map(({ page }) => outcome(page)));
    const won = said.filter((text) => /registrada/i.test(text));
    const lost = said.filter((text) => /otra persona decidió/i.test(text));
    expect({ won: won.length, lost: lost.length }).toEqual({ won: 1, lost: 1 });

    // The server recorded one decision, and the one who lost sees it without reloading.
    const step = await s.step(id, 'expediente');
    expect(step.status).toBe('approved');
    const loser = sessions[said.findIndex((text) => /otra persona decidió/i.test(text))];
    await need(
      stepItem(loser.page, STEPS.file).getByRole('heading', { name: /aprobada/i }),
      'the step shown approved to the one who lost the race',
    );
    await need(
      stepItem(loser.page, STEPS.chairs).getByRole('heading', { name: /en curso/i }),
      'the next step shown in progress to the one who lost the race',
    );
    for (const { context } of sessions) await context.close();
  });

  it('a reload keeps the session, no token is kept where scripts can read it, and logout ends it', async () => {
    const { page, context } = await openUser(browser, service.app.url);
    await signIn(page, s.people.cbp, '/tasks');
    await settle(page, 'My tasks');
    const nav = page.getByRole('navigation', { name: /^(main|principal)$/i });
    await need(nav, 'the main navigation after sign-in');

    await page.reload();
    await settle(page, 'My tasks after a reload');
    expect(new URL(page.url()).pathname).toBe('/tasks');
    await need(nav, 'the main navigation after a reload (the session restored from its cookie)');
    await need(
      page.getByRole('link', { name: s.people.cbp.name }),
      'the signed-in user’s name after a reload',
    );

    // What scripts can read holds no token: the refresh cookie is HttpOnly.
    const stored = await page.evaluate(() => {
      const g = globalThis as unknown as {
        localStorage: { length: number; key(i: number): string; getItem(k: string): string };
        sessionStorage: { length: number; key(i: number): string; getItem(k: string): string };
        document: { cookie: string };
      };
      const all: string[] = [g.document.cookie];
      for (const store of [g.localStorage, g.sessionStorage])
        for (let i = 0; i < store.length; i++) all.push(store.getItem(store.key(i)));
      return all.join('\n');
    });
    expect(stored).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
    const cookies = await context.cookies();
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies)
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

    await signOut(page);
    // Signed out on purpose: a plain sign-in page, not a way back into this person's page for
    // whoever signs in next at this browser.
    expect(new URL(page.url()).searchParams.get('returnTo')).toBeNull();
    await page.reload();
    await settle(page, 'the page after a reload once signed out');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.goto('/tasks');
    await page.waitForURL((url) => url.pathname === '/sign-in');
    expect(await nav.count()).toBe(0);
    // The server ended the session too: the refresh cookie no longer gives a session.
    const refresh = await page.evaluate(async () => {
      const response = await fetch('/api/v1/auth/refresh', {
        method: 'POST',
        credentials: 'same-origin',
      });
      return response.status;
    });
    expect(refresh).toBe(401);
    await context.close();
  });
});
