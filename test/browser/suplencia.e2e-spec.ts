import type { Browser, Page } from 'playwright-core';
import {
  choose,
  expectAccessible,
  launchBrowser,
  need,
  openUser,
  settle,
  signIn,
  expectRefusedField,
} from '../support/browser';
import { pdfFile } from '../support/document-files';
import { createAgency } from '../support/fixtures';
import { STEPS, createScenario, startService, type Person, type Scenario } from './scenario';
import { decide, either, openDecision, stepItem } from './ui';

jest.setTimeout(120_000);

/** The levels of the page's headings in `main`, in document order. */
const outline = (page: Page) =>
  page
    .locator('main')
    .locator('h1, h2, h3, h4, h5, h6')
    .evaluateAll((hs) => hs.map((h) => Number(h.tagName.slice(1))));

/** Whether an outline goes down one level at a time (h1 → h3 skips one). */
const skipsNoLevel = (levels: number[]) =>
  levels.every((level, i) => i === 0 || level <= levels[i - 1] + 1);

/**
 * Suplencia in the browser: an SRE approver names a substitute from the menu's Suplencias page
 * (the messages of a refused form speak to an approver; a start already past is refused, on the
 * field: a delegation is not backdated; once recorded, the form is fresh again), and the
 * substitute finds the step in his inbox marked as signed in her place, attaches a document to
 * it, and decides it from the app, the panel naming whose place he signs in; the history
 * records the delegation. She then revokes it, after confirming, and the list says when.
 */
describe('browser: a delegation and the substitute’s signature', () => {
  let service: Awaited<ReturnType<typeof startService>>;
  let browser: Browser;
  let s: Scenario;
  let substitute: Person;
  let workflowId: string;
  let projectId: string;

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
    projectId = project.id;
    workflowId = (await s.startWorkflow(project.id)).id;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.app.close();
    await service?.smtp.close();
  });

  it('the approver names a substitute from the menu’s Suplencias page', async () => {
    const { page, context } = await openUser(browser, service.app.url, {
      locale: 'es-MX',
      timezoneId: 'America/Mexico_City',
    });
    await signIn(page, s.people.sre);
    await settle(page, 'My tasks');
    // The main menu leads an approver to her delegations.
    const menu = page.getByRole('navigation', { name: /^principal$/i });
    await (await need(menu.getByRole('link', { name: /^suplencias$/i }), 'the menu entry')).click();
    await page.waitForURL((url) => url.pathname === '/delegations');
    await need(page.getByRole('heading', { level: 1, name: /^suplencias$/i }), 'the page title');
    await settle(page, 'her delegations');
    // Right under the page's h1, the form's title is an h2 (on the profile, under its h3).
    const form = page.locator('form').filter({
      has: page.getByRole('heading', {
        level: 2,
        name: /^(name a substitute|designar suplente)$/i,
      }),
    });
    await need(form, 'the form to name a substitute');
    const levels = await outline(page);
    expect([levels, skipsNoLevel(levels)]).toEqual([levels, true]);
    // The picker says whom it chooses: the substitute.
    expect(await page.locator('#delegation-delegateId option').first().innerText()).toMatch(
      /^(choose the substitute|elija a la persona suplente)$/i,
    );
    const submit = form.getByRole('button', {
      name: /^(record the delegation|registrar la suplencia)$/i,
    });
    // Sent as it opens: each field says what it lacks, to her, an approver with no co-chair seat.
    await submit.click();
    await expectRefusedField(
      page,
      page.locator('#delegation-delegateId'),
      'Elija a la persona suplente: alguien de su dependencia.',
      'the substitute, not chosen',
    );
    expect(await form.innerText()).not.toMatch(/copresidencia/);
    const end = page.locator('#delegation-endsAt');
    expect(await end.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#delegation-endsAt-error').innerText()).toBe(
      'Indique la fecha y hora de término.',
    );
    await choose(page, /^(substitute|suplente)$/i, /Andrés Suplente/, 'the substitute field');
    // Dates and times on her clock.
    const zone = 'America/Mexico_City';
    const dayOn = (ms: number) =>
      new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date(ms));
    await end.fill(dayOn(Date.now() + 86_400_000));
    await page
      .getByLabel(/^(legal basis|fundamento)$/i)
      .fill('Art. 45 del Reglamento Interior de la SRE');
    await page.getByLabel(/(reference|oficio)/i).fill('SRE/DGAJ/77/2026');

    // From yesterday: refused before it is sent, the message on the start, which has the focus.
    const start = page.locator('#delegation-startsAt');
    await start.fill(dayOn(Date.now() - 86_400_000));
    await submit.click();
    await expectRefusedField(
      page,
      start,
      /^(this start has already passed|este inicio ya pasó)/i,
      'the past start',
    );
    expect(await page.locator('#delegation-startTime').getAttribute('aria-invalid')).toBe('true');

    // An end refused before it is sent says which rule it breaks, one at a time, as the service
    // checks them: not after the start; then more than 180 days after it, naming the last end.
    await start.fill(dayOn(Date.now()));
    await end.fill(dayOn(Date.now() - 86_400_000));
    await submit.click();
    await expectRefusedField(
      page,
      end,
      'Indique un término posterior al inicio.',
      'an end before the start',
    );
    await end.fill(dayOn(Date.now() + 200 * 86_400_000));
    await submit.click();
    await expectRefusedField(
      page,
      end,
      /^Una suplencia dura a lo más 180 días: indique un término a más tardar el \d{1,2} \S+ \d{4}, \d{2}:\d{2} /,
      'an end more than 180 days after the start',
    );
    expect(await page.locator('#delegation-endsAt-error').innerText()).toContain(
      `${Number(dayOn(Date.now() + 180 * 86_400_000).slice(8))} `,
    );
    await expectAccessible(page, 'the delegation form, its end refused');
    await end.fill(dayOn(Date.now() + 86_400_000));

    // From now (on her clock) until tomorrow: taken, in force at once.
    await start.fill(dayOn(Date.now()));
    await page.locator('#delegation-startTime').fill(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: zone,
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(new Date()),
    );
    await submit.click();
    await need(
      page.getByRole('status').filter({ hasText: /(suplencia registrada|delegation recorded)/i }),
      'the announcement that the delegation was recorded',
    );
    // The form is fresh for the next one; the announcement stays.
    expect(
      await Promise.all(
        ['delegateId', 'endsAt', 'legalBasis', 'reference'].map((f) =>
          page.locator(`#delegation-${f}`).inputValue(),
        ),
      ),
    ).toEqual(['', '', '', '']);
    expect(await start.inputValue()).toBe(dayOn(Date.now()));
    expect(await page.locator('#delegation-endTime').inputValue()).toBe('18:00');
    expect(await form.locator('[aria-invalid="true"]').count()).toBe(0);
    await need(
      page.getByRole('status').filter({ hasText: /suplencia registrada/i }),
      'the announcement, after the form was reset',
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
    expect(await card.innerText()).toMatch(/In place of\s*Sofía Herrera/);
    await card.getByRole('link', { name: either(STEPS.file) }).click();
    await page.waitForURL(/\/workflows\//);
    await settle(page, 'the workflow page');

    // He may sign for SRE on this step, so he may attach a document to it — and it is taken.
    const step = stepItem(page, STEPS.file);
    await (
      await need(
        step.getByRole('button', { name: /attach a document to .Technical file./i }),
        'the button to attach a document to the step',
      )
    ).click();
    const form = step.locator('form').filter({ has: page.getByLabel(/^file$/i) });
    await need(form, 'the form to attach a document to the step');
    await form.getByLabel(/^title$/i).fill('Oficio de opinión de la SRE');
    await form.getByLabel(/^kind$/i).selectOption({ label: 'Agency opinion (oficio)' });
    await form.getByLabel(/^file$/i).setInputFiles({
      name: 'oficio-sre.pdf',
      mimeType: 'application/pdf',
      buffer: pdfFile('Oficio SRE'),
    });
    await form.getByRole('button', { name: /^upload$/i }).click();
    await need(
      page.getByRole('status').filter({ hasText: /uploaded, version 1/i }),
      'the announcement that the document was uploaded',
    );
    const documents = await service.app
      .http()
      .get(`/api/v1/projects/${projectId}/documents?workflowId=${workflowId}`)
      .auth(s.admin, { type: 'bearer' })
      .expect(200);
    expect(documents.body.items).toEqual([
      expect.objectContaining({
        stepKey: 'expediente',
        title: 'Oficio de opinión de la SRE',
        uploadedBy: substitute.id,
      }),
    ]);

    // The decision panel says in whose place he signs.
    const panel = await openDecision(page, STEPS.file);
    await need(
      panel.getByText('You sign for SRE, in place of Sofía Herrera.'),
      'the panel naming the delegator',
    );
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

  it('the approver revokes the delegation only once she confirms, and the list says when', async () => {
    const { page, context } = await openUser(browser, service.app.url, {
      locale: 'es-MX',
      timezoneId: 'America/Mexico_City',
    });
    const token = await service.app.login(s.people.sre.email, s.people.sre.password);
    const statusNow = async () =>
      (
        await service.app
          .http()
          .get('/api/v1/delegations?mine=true')
          .auth(token, { type: 'bearer' })
          .expect(200)
      ).body.items[0] as { status: string; revokedAt: string | null };
    await signIn(page, s.people.sre, '/profile');
    await settle(page, 'the profile page');
    // On the profile the form's title sits under the page's "Suplencias" h2: an h3.
    await need(
      page.getByRole('heading', { level: 2, name: /^suplencias$/i }),
      'the profile’s delegations heading',
    );
    await need(
      page.getByRole('heading', { level: 3, name: /^designar suplente$/i }),
      'the form title, one level under it',
    );
    const levels = await outline(page);
    expect([levels, skipsNoLevel(levels)]).toEqual([levels, true]);
    const row = page.getByRole('row').filter({ hasText: 'Andrés Suplente' });
    const revoke = row.getByRole('button', { name: /(revocar|revoke).*Andrés Suplente/i });
    // On a phone the row stacks into a card: its status and its Revoke button are in view, not
    // off to the right of a table that scrolls sideways; the table is still a table to a screen
    // reader (its column headings hidden from the eye only).
    await page.setViewportSize({ width: 390, height: 844 });
    await need(revoke, 'the button to revoke the delegation, at 390 px');
    const rightEdge = async (box: Promise<{ x: number; width: number } | null>) => {
      const seen = await box;
      return seen ? seen.x + seen.width : Infinity;
    };
    expect(
      await rightEdge(row.getByText('Vigente', { exact: true }).first().boundingBox()),
    ).toBeLessThanOrEqual(390);
    expect(await rightEdge(revoke.boundingBox())).toBeLessThanOrEqual(390);
    expect(await page.getByRole('columnheader', { name: /^estado$/i }).count()).toBe(1);
    await expectAccessible(page, 'the delegations table at 390 px');
    await page.setViewportSize({ width: 1280, height: 900 });
    await (await need(revoke, 'the button to revoke the delegation')).click();
    // A click asks first, saying what follows; keeping it changes nothing.
    const dialog = await need(page.getByRole('alertdialog'), 'the confirmation of the revocation');
    expect(await dialog.innerText()).toMatch(/Andrés Suplente ya no podrá firmar en su suplencia/);
    await dialog.getByRole('button', { name: /^conservar la suplencia$/i }).click();
    await page.getByRole('alertdialog').waitFor({ state: 'hidden' });
    expect(await statusNow()).toMatchObject({ status: 'active', revokedAt: null });
    // Confirmed: revoked, announced, and the row says when instead of its planned end.
    await (await need(revoke, 'the button to revoke the delegation, again')).click();
    const again = await need(page.getByRole('alertdialog'), 'the confirmation, again');
    await again.getByRole('button', { name: /^revocar ahora$/i }).click();
    await need(
      page.getByRole('status').filter({ hasText: /quedó revocada/i }),
      'the announcement that the delegation was revoked',
    );
    await need(row.filter({ hasText: /Revocada el \d/ }), 'the row saying when it was revoked');
    expect(await row.innerText()).toMatch(/Fin previsto:/);
    // Once in force, it was revoked: the badge says so.
    expect(await row.locator('.tag').innerText()).toBe('Revocada');
    expect(await statusNow()).toMatchObject({ status: 'revoked', revokedAt: expect.any(String) });

    // One that has not begun is cancelled, and said so in one word throughout: the button, the
    // dialog, the announcement, the row and its badge. It never lent anything.
    const tomorrow = Date.now() + 86_400_000;
    await service.app
      .http()
      .post('/api/v1/delegations')
      .auth(token, { type: 'bearer' })
      .send({
        delegateId: substitute.id,
        startsAt: new Date(tomorrow).toISOString(),
        endsAt: new Date(tomorrow + 86_400_000).toISOString(),
        legalBasis: 'Art. 45 del Reglamento Interior de la SRE',
      })
      .expect(201);
    await page.reload();
    await settle(page, 'the profile page, reloaded');
    const scheduled = page
      .getByRole('row')
      .filter({ hasText: 'Andrés Suplente' })
      .filter({ hasText: /Programada/ });
    expect(await scheduled.getByRole('button', { name: /revocar/i }).count()).toBe(0);
    await (
      await need(
        scheduled.getByRole('button', { name: /^cancelar la suplencia de Andrés Suplente$/i }),
        'the button to cancel the scheduled delegation',
      )
    ).click();
    const cancel = await need(page.getByRole('alertdialog'), 'the confirmation, scheduled');
    await need(
      cancel.getByRole('heading', { name: /^¿cancelar la suplencia de Andrés Suplente\?$/i }),
      'the dialog asking to cancel it',
    );
    expect(await cancel.innerText()).toMatch(/la suplencia no llegará a comenzar/);
    expect(await cancel.innerText()).not.toMatch(/revoc/i);
    await cancel.getByRole('button', { name: /^cancelar la suplencia$/i }).click();
    await need(
      page.getByRole('status').filter({ hasText: /quedó cancelada: no llegará a comenzar/ }),
      'the announcement that the scheduled delegation was cancelled',
    );
    const cancelled = await need(
      page.getByRole('row').filter({ hasText: /Cancelada antes de su inicio el \d/ }),
      'the row saying it was cancelled before its start',
    );
    expect(await cancelled.locator('.tag').innerText()).toBe('Cancelada');
    expect(await cancelled.innerText()).not.toMatch(/revoc/i);
    // In English too: “Cancelled” beside “Cancelled before its start”; the other one “Revoked”.
    const switchLanguage = async (label: string, lang: string) => {
      await (await need(page.locator(`a.lang-switch[lang="${lang}"]`), label)).click();
      await page.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached' });
    };
    await switchLanguage('the switch to English', 'en');
    const cancelledEn = await need(
      page.getByRole('row').filter({ hasText: /Cancelled before its start on \w/ }),
      'the cancelled row, in English',
    );
    expect(await cancelledEn.locator('.tag').innerText()).toBe('Cancelled');
    const revokedEn = await need(
      page.getByRole('row').filter({ hasText: /Revoked on \w/ }),
      'the revoked row, in English',
    );
    expect(await revokedEn.locator('.tag').innerText()).toBe('Revoked');
    await switchLanguage('the switch back to Spanish', 'es');
    await context.close();
  });

  it('tells an approver alone in her agency why nobody can be named, and a viewer why she cannot name', async () => {
    const fhwa = await createAgency(service.app, { code: 'FHWA', country: 'US' });
    const password = 'a-long-browser-test-password';
    const alone = { email: 'fhwa.only@test.puentes.local', name: 'Frances Hale' };
    await service.app
      .http()
      .post('/api/v1/users')
      .auth(s.admin, { type: 'bearer' })
      .send({ ...alone, password, roles: ['approver'], agencyId: fhwa.id, locale: 'en' })
      .expect(201);
    const { page, context } = await openUser(browser, service.app.url, {
      locale: 'en-US',
      timezoneId: 'America/New_York',
    });
    await signIn(page, { email: alone.email, password }, '/profile');
    await settle(page, 'the profile page');
    await need(
      page.getByText(
        'Nobody else in FHWA can be your substitute: an administrator can add people to your agency.',
      ),
      'the real reason nobody is offered',
    );
    expect(await page.getByText(/Only approvers and co-chairs can name/).count()).toBe(0);
    // An approver has the menu entry to her delegations, even with nobody to name.
    await need(
      page
        .getByRole('navigation', { name: /^main$/i })
        .getByRole('link', { name: /^delegations$/i }),
      'the menu entry Delegations, for an approver',
    );
    await context.close();
    // Someone with no signature of her own still reads the rule.
    const viewer = await openUser(browser, service.app.url, {
      locale: 'en-US',
      timezoneId: 'America/Mexico_City',
    });
    await signIn(viewer.page, substitute, '/profile');
    await settle(viewer.page, 'the profile page');
    await need(
      viewer.page.getByText(
        'Only approvers and co-chairs can name a substitute, and only for their own signatures.',
      ),
      'the rule, for someone with nothing to delegate',
    );
    // Nothing to delegate: no menu entry for it (her profile still lists what she received).
    const viewerMenu = viewer.page.getByRole('navigation', { name: /^main$/i });
    await need(viewerMenu.getByRole('link', { name: /^notifications/i }), 'the main menu');
    expect(await viewerMenu.getByRole('link', { name: /^delegations$/i }).count()).toBe(0);
    // Yet the page a delegation notice (in the app and by email) links to opens for her too:
    // what she received, as on her profile.
    await viewer.page.goto('/delegations');
    await settle(viewer.page, 'the delegations page');
    const received = await need(
      viewer.page.getByRole('table', { name: 'Your delegations, given and received' }),
      'her delegations, on the page the notices link to',
    );
    const delegates = await received.locator('tbody tr td:nth-child(2)').allInnerTexts();
    expect(delegates.length).toBeGreaterThan(0);
    expect(new Set(delegates)).toEqual(new Set(['You']));
    await viewer.context.close();
  });
});
