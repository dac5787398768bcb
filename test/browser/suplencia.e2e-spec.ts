import type { Browser } from 'playwright-core';
import { choose, launchBrowser, need, openUser, settle, signIn } from '../support/browser';
import { STEPS, createScenario, startService, type Person, type Scenario } from './scenario';
import { decide, either } from './ui';

jest.setTimeout(120_000);

/**
 * Suplencia in the browser: an SRE approver names a substitute from her profile page, and the
 * substitute finds the step in his inbox marked as signed in her place, and decides it from
 * the app; the history records the delegation.
 */
describe('browser: a delegation and the substitute’s signature', () => {
  let service: Awaited<ReturnType<typeof startService>>;
  let browser: Browser;
  let s: Scenario;
  let substitute: Person;
  let workflowId: string;

  beforeAll(async () => {
    [service, browser] = await Promise.all([startService(), launchBrowser()]);
    s = await createScenario(service.app);
    const email = `andres.suplente@test.puentes.local`;
    const password = 'a-long-browser-test-password';
    const created = await service.app
      .http()
      .post('/api/v1/users')
      .auth(s.admin, { type: 'bearer' })
      .send({
        email,
        password,
        name: 'Andrés Suplente',
        roles: ['viewer'],
        agencyId: s.agencies.SRE.id,
        locale: 'en',
        timeZone: 'America/Mexico_City',
      })
      .expect(201);
    substitute = { id: created.body.id, email, password, name: 'Andrés Suplente', token: '' };
    const project = await s.project('Nogales rail crossing', 'Cruce ferroviario de Nogales');
    workflowId = (await s.startWorkflow(project.id)).id;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.app.close();
    await service?.smtp.close();
  });

  it('the approver names a substitute from her profile page', async () => {
    const { page, context } = await openUser(browser, service.app.url, {
      locale: 'es-MX',
      timezoneId: 'America/Mexico_City',
    });
    await signIn(page, s.people.sre, '/profile');
    await settle(page, 'the profile page');
    const form = page.locator('form').filter({
      has: page.getByRole('heading', { name: /^(name a substitute|designar suplente)$/i }),
    });
    await need(form, 'the form to name a substitute');
    await choose(page, /^(substitute|suplente)$/i, /Andrés Suplente/, 'the substitute field');
    // From the start of today (on her clock) until tomorrow.
    await page.locator('#delegation-startTime').fill('00:00');
    const tomorrow = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Mexico_City' }).format(
      new Date(Date.now() + 86_400_000),
    );
    await page.locator('#delegation-endsAt').fill(tomorrow);
    await page
      .getByLabel(/^(legal basis|fundamento)$/i)
      .fill('Art. 45 del Reglamento Interior de la SRE');
    await page.getByLabel(/(reference|oficio)/i).fill('SRE/DGAJ/77/2026');
    await form
      .getByRole('button', { name: /^(record the delegation|registrar la suplencia)$/i })
      .click();
    await need(
      page.getByRole('status').filter({ hasText: /(suplencia registrada|delegation recorded)/i }),
      'the announcement that the delegation was recorded',
    );
    // It is listed, in force, with its legal basis, and can be revoked from its row.
    const row = page.getByRole('row').filter({ hasText: 'Andrés Suplente' });
    await need(row.filter({ hasText: /(vigente|active)/i }), 'the new delegation listed as active');
    await need(
      row.getByRole('button', { name: /(revocar|revoke).*Andrés Suplente/i }),
      'a button to revoke it',
    );
    const listed = await service.app
      .http()
      .get('/api/v1/delegations?mine=true')
      .auth(await service.app.login(s.people.sre.email, s.people.sre.password), {
        type: 'bearer',
      })
      .expect(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        delegateId: substitute.id,
        status: 'active',
        legalBasis: 'Art. 45 del Reglamento Interior de la SRE',
        reference: 'SRE/DGAJ/77/2026',
      }),
    ]);
    await context.close();
  });

  it('the substitute sees the step on her behalf and decides it from the app', async () => {
    const { page, context } = await openUser(browser, service.app.url, {
      locale: 'en-US',
      timezoneId: 'America/Mexico_City',
    });
    await signIn(page, substitute, '/tasks');
    await settle(page, 'the inbox');
    const card = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('link', { name: either(STEPS.file) }) });
    await need(card, 'the SRE step in the substitute’s inbox');
    expect(await card.innerText()).toMatch(/As delegate of\s*Sofía Herrera/);
    await card.getByRole('link', { name: either(STEPS.file) }).click();
    await page.waitForURL(/\/workflows\//);
    await settle(page, 'the workflow page');
    const said = await decide(page, STEPS.file, 'approve');
    expect(said).toMatch(/recorded/i);
    const events = await service.app
      .http()
      .get(`/api/v1/workflows/${workflowId}/events`)
      .auth(s.admin, { type: 'bearer' })
      .expect(200);
    const signature = (
      events.body.items as { type: string; actorId: string; data: Record<string, unknown> }[]
    ).find((e) => e.type === 'decision_recorded');
    expect(signature).toMatchObject({
      actorId: substitute.id,
      data: {
        decision: 'approve',
        delegator: { userId: s.people.sre.id, name: 'Sofía Herrera' },
        legalBasis: 'Art. 45 del Reglamento Interior de la SRE',
        reference: 'SRE/DGAJ/77/2026',
      },
    });
    // The history on the page says in whose place it was signed.
    await need(
      page.getByRole('listitem').filter({ hasText: /signed in place of Sofía Herrera/ }),
      'the signature in the history, in place of the delegator',
    );
    await context.close();
  });
});
