import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DateTime } from 'luxon';
import {
  expectAccessible,
  launchBrowser,
  need,
  openUser,
  settle,
  signIn,
  tabTo,
} from '../support/browser';
import { GROUP, STEPS, createScenario, startService, type Person, type Scenario } from './scenario';
import { DECISIONS, either } from './ui';

jest.setTimeout(120_000);

/**
 * WCAG 2.2 A/AA on every page of the app, in both languages (axe-core in Chromium), and one
 * journey — signing in and approving a step — with the keyboard alone (Tab, Enter, Space).
 */
describe('browser: accessibility', () => {
  let service: Awaited<ReturnType<typeof startService>>;
  let browser: Browser;
  let s: Scenario;
  let workflowId: string;
  let projectId: string;
  let meetingId: string;
  const signedIn: Partial<
    Record<'en' | 'es', { context: BrowserContext; page: Page; who: Person }>
  > = {};

  beforeAll(async () => {
    [service, browser] = await Promise.all([startService(), launchBrowser()]);
    s = await createScenario(service.app);
    projectId = (await s.project('Nogales rail crossing', 'Cruce ferroviario de Nogales')).id;
    workflowId = (await s.startWorkflow(projectId)).id;
    await s.approveThrough(workflowId, ['expediente']);
    // A meeting with an action item, so the group's pages have something to show.
    const meeting = await service.app
      .http()
      .post(`/api/v1/technical-groups/${s.group.id}/meetings`)
      .auth(s.people.mxChair.token, { type: 'bearer' })
      .send({
        kind: 'regional',
        title: { en: 'Regional meeting', es: 'Reunión regional' },
        startsAt: DateTime.now()
          .setZone('America/Hermosillo')
          .plus({ days: 3 })
          .startOf('hour')
          .toFormat("yyyy-MM-dd'T'HH:mm"),
        timeZone: 'America/Hermosillo',
        place: 'Nogales, Sonora',
      })
      .expect(201);
    meetingId = meeting.body.id;
    await service.app
      .http()
      .post(`/api/v1/technical-groups/${s.group.id}/meetings/${meetingId}/action-items`)
      .auth(s.people.mxChair.token, { type: 'bearer' })
      .send({
        title: { en: 'Share the traffic study', es: 'Compartir el estudio de tránsito' },
        ownerAgencyCode: 'ADOT',
        dueIn: { businessDays: 5, calendar: 'binational' },
      })
      .expect(201);
    // The co-chairs see every page: tasks (the group's step), the group, its meetings. The
    // US co-chair reads English, the MX co-chair Spanish.
    for (const [locale, who] of [
      ['en', s.people.usChair],
      ['es', s.people.mxChair],
    ] as const) {
      const user = await openUser(browser, service.app.url, {
        locale: locale === 'es' ? 'es-MX' : 'en-US',
        timezoneId: 'America/Hermosillo',
      });
      await signIn(user.page, who, '/tasks');
      signedIn[locale] = { ...user, who };
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await service?.app.close();
    await service?.smtp.close();
  });

  it.each(['en', 'es'] as const)('the sign-in page (%s)', async (locale) => {
    const { page, context } = await openUser(browser, service.app.url, {
      locale: locale === 'es' ? 'es-MX' : 'en-US',
    });
    await page.goto('/sign-in');
    await settle(page, 'the sign-in page');
    expect(await page.locator('html').getAttribute('lang')).toBe(locale);
    await expectAccessible(page, `the sign-in page (${locale})`);
    // With an error shown where it belongs.
    await page.getByRole('button', { name: /^(sign in|iniciar sesión)$/i }).click();
    await page.getByLabel(/^(email|correo electrónico)$/i).fill('nobody@test.puentes.local');
    await page.getByLabel(/^(password|contraseña)$/i).fill('not-the-password');
    await page.getByRole('button', { name: /^(sign in|iniciar sesión)$/i }).click();
    await need(page.getByRole('alert'), 'the sign-in error');
    await expectAccessible(page, `the sign-in page with an error (${locale})`);
    await context.close();
  });

  const pages: [string, () => string][] = [
    ['My tasks', () => '/tasks'],
    ['Workflows', () => '/workflows'],
    ['a workflow', () => `/workflows/${workflowId}`],
    [
      'a workflow with its decision panel open',
      () => `/workflows/${workflowId}?step=copresidencia`,
    ],
    ['Projects', () => '/projects'],
    ['a project', () => `/projects/${projectId}`],
    ['Notifications', () => '/notifications'],
    ['Profile', () => '/profile'],
    ['Technical groups', () => '/technical-groups'],
    ['a group’s dashboard', () => `/technical-groups/${GROUP.code}`],
    ['a group’s roster', () => `/technical-groups/${GROUP.code}/roster`],
    ['a group’s meetings', () => `/technical-groups/${GROUP.code}/meetings`],
    ['a meeting', () => `/technical-groups/${GROUP.code}/meetings/${meetingId}`],
    ['a group’s action items', () => `/technical-groups/${GROUP.code}/action-items`],
    // The co-chairs may read the reports: its four charts and tables, over the history above.
    ['Reports', () => '/reports'],
    ['an address that does not exist', () => '/no/such/page'],
  ];
  const cases = pages.flatMap(([name, path]) =>
    (['en', 'es'] as const).map((locale) => [`${name} (${locale})`, path, locale] as const),
  );

  it.each(cases)('%s', async (name, path, locale) => {
    const { page, who } = signedIn[locale]!;
    await page.goto(path());
    await settle(page, name);
    // A reload restores the session from its cookie; where it does not (that is tested on its
    // own, in sessions-and-conflicts), sign in again so this test stays about accessibility.
    if (await page.getByLabel(/^(email|correo electrónico)$/i).isVisible()) {
      await signIn(page, who, ''); // back to the page asked for, without a reload
      await settle(page, name);
    }
    expect(new URL(page.url()).pathname).toBe(new URL(path(), service.app.url).pathname);
    await settle(page, name);
    expect(await page.locator('html').getAttribute('lang')).toBe(locale);
    await expectAccessible(page, name);
  });

  it('one journey with the keyboard alone: sign in, open the task, approve the step', async () => {
    const { page, context } = await openUser(browser, service.app.url, {
      locale: 'en-US',
      timezoneId: 'America/Phoenix',
    });
    await page.goto('/tasks');
    await settle(page, 'the sign-in page');
    const email = page.getByLabel(/^(email|correo electrónico)$/i);
    await tabTo(page, email, 'the email field');
    await page.keyboard.type(s.people.usChair.email);
    await tabTo(page, page.getByLabel(/^(password|contraseña)$/i), 'the password field', 3);
    await page.keyboard.type(s.people.usChair.password);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/tasks');
    await settle(page, 'My tasks');

    await tabTo(
      page,
      page.getByRole('main').getByRole('link', { name: either(STEPS.chairs) }),
      'the task in My tasks',
    );
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === `/workflows/${workflowId}`);
    await settle(page, 'the workflow page');

    const panel = page.getByRole('region', { name: /(decision on|decisión sobre)/i });
    const decide = page.getByRole('button', { name: /(decide|decidir)/i }).first();
    // `?step=` opens the panel once the workflow has loaded: wait for the panel or its button,
    // not for whichever happens to be on screen at this instant.
    await need(panel.or(decide), 'the decision panel or its "Decide" button');
    if (!(await panel.isVisible())) {
      await tabTo(page, decide, 'the "Decide" button');
      await page.keyboard.press('Enter');
    }
    await need(panel, 'the decision panel');
    const approve = panel.getByRole('radio', { name: DECISIONS.approve });
    await tabTo(page, approve, 'the "Approve" choice');
    await page.keyboard.press('Space');
    expect(await approve.isChecked()).toBe(true);
    await tabTo(
      page,
      panel.getByRole('button', { name: /^(record my decision|registrar mi decisión)$/i }),
      'the submit button of the decision panel',
    );
    await page.keyboard.press('Enter');
    await need(
      page.getByRole('status').filter({ hasText: /(recorded|registrad)/i }),
      'the announcement that the decision was recorded',
    );
    // Focus moved to what changed (the announcement), not back to the top of the page.
    const focusedText = await page.evaluate(
      () =>
        (globalThis as unknown as { document: { activeElement: { textContent: string } | null } })
          .document.activeElement?.textContent ?? '',
    );
    expect(focusedText).toMatch(/(recorded|registrad)/i);
    const step = await s.step(workflowId, 'copresidencia');
    expect(step.assignees[0]).toMatchObject({ technicalGroup: GROUP.code });
    const signatures = (
      await service.app
        .http()
        .get(`/api/v1/workflows/${workflowId}`)
        .auth(s.people.usChair.token, { type: 'bearer' })
    ).body.steps.find((x: { key: string }) => x.key === 'copresidencia').assignees[0]
      .signatures as { seat: string }[];
    expect(signatures.map((x) => x.seat)).toContain('us');
    await context.close();
  });
});
