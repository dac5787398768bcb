import type { Browser } from 'playwright-core';
import { header } from '../support/smtp';
import {
  choose,
  expectAccessible,
  launchBrowser,
  need,
  openUser,
  settle,
  signIn,
  visibleText,
} from '../support/browser';
import { CHAIN, STEPS, createScenario, startService, type Scenario } from './scenario';
import { DECISIONS, decide, either, openDecision, stepItem } from './ui';

jest.setTimeout(120_000);

/**
 * The approval journey, in the browser, as its people live it: the coordinator starts a
 * workflow; the SRE approver, whose language is Spanish, signs from the link in her email;
 * both co-chairs sign; CBP asks for changes and the coordinator resubmits; CBP approves and
 * the coordinator sees the workflow finished. The workflow each test starts from is brought
 * there through the API when an earlier test (whose subject it was) did not get it there, so
 * each test says on its own what works.
 */
describe('browser: the approval journey', () => {
  let service: Awaited<ReturnType<typeof startService>>;
  let browser: Browser;
  let s: Scenario;
  let workflowId: string;
  const project = { en: 'Nogales rail crossing', es: 'Cruce ferroviario de Nogales' };

  beforeAll(async () => {
    [service, browser] = await Promise.all([startService(), launchBrowser()]);
    s = await createScenario(service.app);
    const { id } = await s.project(project.en, project.es);
    workflowId = (await s.startWorkflow(id)).id;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.app.close();
    await service?.smtp.close();
  });

  it('a coordinator starts a workflow on a project', async () => {
    const names = { en: 'Otay Mesa East', es: 'Mesa de Otay II' };
    const target = await s.project(names.en, names.es);
    const { page, context } = await openUser(browser, service.app.url, {
      locale: 'en-US',
      timezoneId: 'America/Mexico_City',
    });
    await signIn(page, s.people.coordinator, `/projects/${target.id}`);
    await settle(page, 'the project page');
    // "Start a workflow": a form on the page, or behind a button or link of that name.
    const opener = page
      .getByRole('button', { name: /^(start a workflow|iniciar un trámite)/i })
      .or(page.getByRole('link', { name: /^(start a workflow|iniciar un trámite)/i }));
    if (await opener.first().isVisible()) await opener.first().click();
    const form = page.locator('form').filter({ has: page.getByLabel(/chain|cadena/i) });
    await need(form, 'the "Start a workflow" form with an approval chain field');
    await choose(page, /chain|cadena/i, either(CHAIN.name), 'the approval chain field');
    await form.getByRole('button', { name: /^(start|iniciar)/i }).click();
    await page.waitForURL(/\/workflows\/[0-9a-f-]{36}/);
    await settle(page, 'the new workflow page');

    const started = /\/workflows\/([0-9a-f-]{36})/.exec(page.url())![1];
    const workflow = await s.workflow(started);
    expect(workflow.status).toBe('active');
    expect(await page.locator('main h1').innerText()).toContain(names.en);
    await need(
      stepItem(page, STEPS.file).getByRole('heading', { name: /in progress/i }),
      'the first step shown in progress',
    );
    await context.close();
  });

  it('the coordinator adds two comments in a row from the workflow page, and both are recorded', async () => {
    const { page, context } = await openUser(browser, service.app.url, { locale: 'en-US' });
    await signIn(page, s.people.coordinator, `/workflows/${workflowId}`);
    await settle(page, 'the workflow page');
    const texts = ['Site visit moved to Monday.', 'Traffic study attached to the file.'];
    for (const [index, text] of texts.entries()) {
      await page.locator('#comment-body').fill(text);
      await page.getByRole('button', { name: /^add the comment$/i }).click();
      // Each is its own action: the second must not reuse the first one's Idempotency-Key.
      await need(
        page.getByRole('status').filter({ hasText: 'Your comment is recorded in the history.' }),
        `the confirmation of comment ${index + 1}`,
      );
      await page.waitForFunction(
        `document.querySelector('#comment-body')?.value === ''`,
        undefined,
        { timeout: 5_000 },
      );
    }
    const recorded = (
      await service.app
        .http()
        .get(`/api/v1/workflows/${workflowId}/comments`)
        .auth(s.people.coordinator.token, { type: 'bearer' })
        .expect(200)
    ).body.items.map((c: { body: string }) => c.body);
    expect(recorded).toEqual(expect.arrayContaining(texts));
    expect(await page.locator('#comment-body-error').count()).toBe(0);
    await context.close();
  });

  it('an approver whose language is Spanish signs from the link in her email', async () => {
    const mails = await service.smtp.waitFor((all) =>
      all.some(
        (m) =>
          m.to === s.people.sre.email &&
          header(m.mail, 'X-Puentes-Workflow-Id') === workflowId &&
          header(m.mail, 'X-Puentes-Notification-Type') === 'step_assigned',
      ),
    );
    const mail = mails.find(
      (m) => m.to === s.people.sre.email && header(m.mail, 'X-Puentes-Workflow-Id') === workflowId,
    )!.mail;
    expect(header(mail, 'Content-Language')).toBe('es');
    const link = `${service.app.url.replace('localhost', '127.0.0.1')}/workflows/${workflowId}?step=expediente`;
    expect(mail.text).toContain(link);
    expect(mail.html || '').toContain(`href="${link}"`);

    // Her own browser, in Spanish, signed out: the link asks her to sign in, then opens the
    // decision panel of her step.
    const { page, context } = await openUser(browser, service.app.url, {
      locale: 'es-MX',
      timezoneId: 'America/Mexico_City',
    });
    await page.goto(link);
    await need(
      page.getByRole('heading', { name: /^iniciar sesión$/i }),
      'the sign-in page in Spanish',
    );
    await signIn(page, s.people.sre, '');
    await page.waitForURL((url) => url.pathname === `/workflows/${workflowId}`);
    expect(new URL(page.url()).searchParams.get('step')).toBe('expediente');
    await settle(page, 'the workflow page opened from the email');
    await need(
      page.getByRole('region', { name: /su decisión sobre «expediente técnico»/i }),
      'the decision panel of "Expediente técnico", in Spanish, open on arrival',
    );
    const said = await decide(page, STEPS.file, 'approve');
    expect(said).toMatch(/aprobación.*registrada/i);
    expect((await s.step(workflowId, 'expediente')).status).toBe('approved');
    await need(
      stepItem(page, STEPS.file).getByRole('heading', { name: /aprobada/i }),
      'the step shown approved after her decision',
    );
    await context.close();
  });

  it('both co-chairs of the group sign the group’s step', async () => {
    await s.approveThrough(workflowId, ['expediente']);
    // The MX co-chair (Spanish) first: the group does not count as approving on one signature.
    for (const [chair, locale] of [
      [s.people.mxChair, 'es-MX'],
      [s.people.usChair, 'en-US'],
    ] as const) {
      const { page, context } = await openUser(browser, service.app.url, { locale });
      await signIn(page, chair, '/tasks');
      await settle(page, `My tasks of ${chair.name}`);
      await (
        await need(
          page.getByRole('link', { name: either(STEPS.chairs) }),
          `a task "${STEPS.chairs.en}" in the inbox of ${chair.name}`,
        )
      ).click();
      await settle(page, 'the workflow page from My tasks');
      await decide(page, STEPS.chairs, 'approve');
      await context.close();
      if (chair === s.people.mxChair)
        expect((await s.step(workflowId, 'copresidencia')).status).toBe('active');
    }
    expect((await s.step(workflowId, 'copresidencia')).status).toBe('approved');
    expect((await s.step(workflowId, 'revision-cbp')).status).toBe('active');
  });

  it('CBP requests changes and the coordinator resubmits', async () => {
    await s.approveThrough(workflowId, ['expediente', 'copresidencia']);
    const cbp = await openUser(browser, service.app.url, { timezoneId: 'America/New_York' });
    await signIn(cbp.page, s.people.cbp, `/workflows/${workflowId}?step=revision-cbp`);
    await settle(cbp.page, 'the workflow page of CBP');
    // The history tells the group's two co-chair signatures apart by their seats, and names
    // who signed each, with their agency, in words.
    const history = cbp.page.locator('ol.history > li');
    for (const [seat, chair, agency] of [
      ['MX', s.people.mxChair, 'SON-SICT'],
      ['US', s.people.usChair, 'ADOT'],
    ] as const)
      await need(
        history
          .filter({ hasText: `SON-AZ (${seat} co-chair): Approved on “${STEPS.chairs.en}”` })
          .filter({ hasText: `— ${chair.name} (${agency})` }),
        `the ${seat} co-chair's approval in the history, its seat and signer named`,
      );
    await need(
      history
        .filter({ hasText: `SRE: Approved on “${STEPS.file.en}”` })
        .filter({ hasText: `— ${s.people.sre.name} (SRE)` }),
      'the SRE approval in the history, its approver named',
    );
    // Without a comment the panel refuses, on the comment field.
    const panel = await openDecision(cbp.page, STEPS.cbp);
    const requestChanges = panel.getByRole('radio', { name: /^request changes$/i });
    // What a request for changes leads to: shown once it is chosen, and read with its radio.
    const again =
      /^the step goes back to the coordinator, who makes the changes and resubmits it\. it then runs a new round in which every assignee signs again, including those that already approved\.$/i;
    const hint = cbp.page.locator(
      `[id="${await requestChanges.getAttribute('aria-describedby')}"]`,
    );
    expect(await hint.innerText()).toMatch(again);
    expect((await hint.boundingBox())?.height ?? 0).toBeLessThanOrEqual(1);
    // Nothing chosen: the panel says so on the choices; once one is chosen, the message and the
    // mark go (the choice is made).
    const record = panel.getByRole('button', { name: /^record my decision$/i });
    await record.click();
    const choices = panel.getByRole('group', { name: /^decision$/i });
    await need(
      choices.and(cbp.page.locator('[aria-invalid="true"]')),
      'the choices, marked as missing one',
    );
    await need(
      panel.getByText('Choose approve, request changes or reject.', { exact: true }),
      'the error "Choose approve…" under the choices',
    );
    await requestChanges.check();
    await panel
      .getByText('Choose approve, request changes or reject.', { exact: true })
      .waitFor({ state: 'detached', timeout: 5_000 });
    expect(await choices.getAttribute('aria-invalid')).toBe('false');
    expect(await choices.getAttribute('aria-describedby')).toBeNull();
    await need(panel.getByText(again), 'what requesting changes leads to, under the choices');
    expect((await hint.boundingBox())?.height ?? 0).toBeGreaterThan(1);
    await record.click();
    await need(
      panel.getByText(/write a comment/i),
      'the error "Write a comment…" beside the comment field',
    );
    // Typing a comment takes the message and the mark away.
    const comment = panel.getByRole('textbox', { name: /comment/i });
    expect(await comment.getAttribute('aria-invalid')).toBe('true');
    await comment.fill('The lane count');
    await panel.getByText(/write a comment/i).waitFor({ state: 'detached', timeout: 5_000 });
    expect(await comment.getAttribute('aria-invalid')).toBe('false');
    expect((await s.step(workflowId, 'revision-cbp')).status).toBe('active');
    await decide(
      cbp.page,
      STEPS.cbp,
      'request_changes',
      'The lane count in the traffic study does not match the site plan.',
    );
    expect((await s.step(workflowId, 'revision-cbp')).status).toBe('changes_requested');
    // The announcement follows a change of language, there and back (the choice is saved on
    // her: each switch waits for it, so she is left in English).
    const switchLanguage = async (name: RegExp) => {
      const saved = cbp.page.waitForResponse(
        (r) => r.url().endsWith('/api/v1/me') && r.request().method() === 'PATCH',
      );
      await (await need(cbp.page.getByRole('link', { name }), 'the language switch')).click();
      await saved;
    };
    await switchLanguage(/^cambiar a español$/i);
    await need(
      cbp.page.getByRole('status').filter({
        hasText: `Su solicitud de cambios en «${STEPS.cbp.es}» quedó registrada. Se avisó a la coordinación.`,
      }),
      'the announcement of her request for changes, now in Spanish',
    );
    await switchLanguage(/^switch to english$/i);
    await need(
      cbp.page.getByRole('status').filter({
        hasText: `Your request for changes on “${STEPS.cbp.en}” is recorded. The coordinator has been told.`,
      }),
      'the announcement of her request for changes, in English again',
    );
    await cbp.context.close();

    const coordinator = await openUser(browser, service.app.url, {
      timezoneId: 'America/Mexico_City',
    });
    await signIn(coordinator.page, s.people.coordinator, `/workflows/${workflowId}`);
    await settle(coordinator.page, 'the workflow page of the coordinator');
    await need(
      stepItem(coordinator.page, STEPS.cbp).getByRole('heading', { name: /changes requested/i }),
      'the CBP step shown as "Changes requested"',
    );
    // Nobody's signature is awaited: only the coordinator's resubmission, named once.
    expect(
      await visibleText(coordinator.page.locator('main p').filter({ hasText: /^waiting on:/i })),
    ).toBe(`Waiting on: the coordinator, to resubmit “${STEPS.cbp.en}”`);
    await (
      await need(
        coordinator.page.getByRole('button', { name: /^resubmit .*CBP operational review/i }),
        'a "Resubmit" action on the step that asked for changes',
      )
    ).click();
    const form = await need(
      coordinator.page.getByRole('region', { name: /^resubmit/i }),
      'the resubmit panel',
    );
    await form.getByRole('textbox').fill('Site plan corrected: four lanes, as in the study.');
    await form.getByRole('button', { name: /^resubmit$/i }).click();
    await need(
      coordinator.page.getByRole('status').filter({ hasText: /running again/i }),
      'the announcement that the step runs again',
    );
    const step = await s.step(workflowId, 'revision-cbp');
    expect(step).toMatchObject({ status: 'active', round: 2 });
    // The history says "by you" of the coordinator's own act, not of what followed from it.
    const events = coordinator.page.locator('ol.history > li');
    await need(
      events.filter({ hasText: `“${STEPS.cbp.en}” resubmitted` }).filter({ hasText: 'by you' }),
      'the resubmission in the history, "by you"',
    );
    // Who asked for the changes is named to the coordinator reading the history.
    await need(
      events
        .filter({ hasText: `CBP: Requested changes on “${STEPS.cbp.en}”` })
        .filter({ hasText: `— ${s.people.cbp.name} (CBP)` }),
      'the request for changes in the history, its approver named',
    );
    const restarted = events.filter({ hasText: `“${STEPS.cbp.en}” started` }).last();
    await need(restarted, 'the step started again in the history');
    expect(await restarted.textContent()).not.toContain('by you');
    await coordinator.context.close();
  });

  it('a rejection that would end the workflow asks first: Escape keeps the step open, confirming rejects', async () => {
    const { id } = await s.project('Sasabe rail spur', 'Espuela ferroviaria de Sásabe');
    const rejected = (await s.startWorkflow(id)).id;
    // The SRE approver, in Spanish: the chain says nothing on rejection, so it ends the trámite.
    const { page, context } = await openUser(browser, service.app.url, {
      locale: 'es-MX',
      timezoneId: 'America/Mexico_City',
    });
    await signIn(page, s.people.sre, `/workflows/${rejected}?step=expediente`);
    await settle(page, 'the workflow page of the SRE approver');
    const panel = await openDecision(page, STEPS.file);
    const reject = panel.getByRole('radio', { name: DECISIONS.reject });
    await reject.check();
    // Said before anything is sent, and read with the radio button.
    const effect =
      /termina este trámite como rechazado: se cancelan las otras 2 etapas sin concluir y se avisa a la coordinación/i;
    await need(panel.getByText(effect), 'what rejecting does, under the choices');
    const hint = await reject.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${hint}"]`).innerText()).toMatch(effect);
    await panel
      .getByRole('textbox', { name: /comentario/i })
      .fill('El expediente no corresponde al sitio.');
    const submit = panel.getByRole('button', { name: /^registrar mi decisión$/i });
    await submit.click();

    const dialog = await need(
      page.getByRole('alertdialog', { name: /^¿rechazar y terminar este trámite\?$/i }),
      'the dialog asking to confirm a rejection that ends the trámite',
    );
    expect(await dialog.innerText()).toMatch(effect);
    // The focus is in the dialog, on the choice that changes nothing.
    expect(
      await dialog
        .getByRole('button', { name: /^no rechazar$/i })
        .evaluate((el) => el === el.ownerDocument.activeElement),
    ).toBe(true);
    await expectAccessible(page, 'the dialog confirming a rejection (es)');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await submit.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    expect((await s.step(rejected, 'expediente')).status).toBe('active');

    // Again, from the keyboard, and confirmed this time.
    await page.keyboard.press('Enter');
    await need(page.getByRole('alertdialog'), 'the dialog, asked again');
    await page.getByRole('button', { name: /^rechazar y terminar el trámite$/i }).click();
    await need(
      page
        .getByRole('status')
        .filter({ hasText: /rechazo de «expediente técnico» quedó registrado/i }),
      'the announcement that the rejection was recorded',
    );
    const after = await s.workflow(rejected);
    expect(after.status).toBe('rejected');
    expect(after.steps.map((x) => [x.key, x.status])).toEqual([
      ['expediente', 'rejected'],
      ['copresidencia', 'cancelled'],
      ['revision-cbp', 'cancelled'],
    ]);
    await context.close();
  });

  it('a rejection that returns the workflow to an earlier step says where, and asks nothing', async () => {
    const chain = {
      key: 'return-on-reject',
      name: { en: 'Review with a return', es: 'Revisión con devolución' },
    };
    const created = await service.app
      .http()
      .post('/api/v1/approval-chains')
      .auth(s.admin, { type: 'bearer' })
      .send({
        ...chain,
        steps: [
          { key: 'expediente', name: STEPS.file, assignees: [{ agency: 'SRE' }] },
          {
            key: 'revision-cbp',
            name: STEPS.cbp,
            assignees: [{ agency: 'CBP' }],
            dependsOn: ['expediente'],
            onReject: { returnTo: 'expediente' },
          },
        ],
      })
      .expect(201);
    await service.app
      .http()
      .post(`/api/v1/approval-chains/${created.body.id}/publish`)
      .auth(s.admin, { type: 'bearer' })
      .expect(200);
    const { id: projectId } = await s.project('Lukeville crossing', 'Cruce de Lukeville');
    const started = await service.app
      .http()
      .post(`/api/v1/projects/${projectId}/workflows`)
      .auth(s.people.coordinator.token, { type: 'bearer' })
      .send({ chainKey: chain.key })
      .expect(201);
    const workflow = started.body.id as string;
    await s.decide(workflow, 'expediente', s.people.sre, { decision: 'approve' });

    const { page, context } = await openUser(browser, service.app.url, {
      timezoneId: 'America/New_York',
    });
    await signIn(page, s.people.cbp, `/workflows/${workflow}?step=revision-cbp`);
    await settle(page, 'the workflow page of CBP');
    const panel = await openDecision(page, STEPS.cbp);
    await panel.getByRole('radio', { name: DECISIONS.reject }).check();
    await need(
      panel.getByText(
        /^rejecting sends this workflow back to “technical file”: that step and the steps after it run again, in a new round\.$/i,
      ),
      'where a rejection sends the workflow',
    );
    await panel.getByRole('textbox', { name: /comment/i }).fill('The lane count does not match.');
    await panel.getByRole('button', { name: /^record my decision$/i }).click();
    await need(
      page
        .getByRole('status')
        .filter({ hasText: /rejection of “CBP operational review” is recorded/i }),
      'the announcement that the rejection was recorded, without a dialog',
    );
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    const after = await s.workflow(workflow);
    expect(after.status).toBe('active');
    expect(after.steps.find((x) => x.key === 'expediente')).toMatchObject({
      status: 'active',
      round: 2,
    });
    await context.close();
  });

  it('the workflow completes, and the coordinator sees it', async () => {
    await s.approveThrough(workflowId, ['expediente', 'copresidencia']);
    if ((await s.step(workflowId, 'revision-cbp')).status === 'changes_requested')
      await service.app
        .http()
        .post(`/api/v1/workflows/${workflowId}/steps/revision-cbp/resubmit`)
        .auth(s.people.coordinator.token, { type: 'bearer' })
        .send({})
        .expect(200);
    const cbp = await openUser(browser, service.app.url, { timezoneId: 'America/New_York' });
    await signIn(cbp.page, s.people.cbp, '/tasks');
    await (
      await need(
        cbp.page.getByRole('link', { name: either(STEPS.cbp) }),
        'the CBP task in the inbox',
      )
    ).click();
    await settle(cbp.page, 'the workflow page from the CBP inbox');
    await decide(cbp.page, STEPS.cbp, 'approve');
    await cbp.context.close();
    expect((await s.workflow(workflowId)).status).toBe('approved');

    const coordinator = await openUser(browser, service.app.url, {
      timezoneId: 'America/Mexico_City',
    });
    await signIn(coordinator.page, s.people.coordinator, '/notifications');
    await settle(coordinator.page, 'the notifications page');
    await (
      await need(
        coordinator.page.getByRole('link', { name: either(project) }).or(
          coordinator.page
            .getByRole('listitem')
            .filter({ hasText: /(completed|approved|finished)/i })
            .getByRole('link'),
        ),
        'the completion notice among the coordinator’s notifications, linking to the workflow',
      )
    ).click();
    await coordinator.page.waitForURL((url) => url.pathname === `/workflows/${workflowId}`);
    await settle(coordinator.page, 'the finished workflow');
    await need(
      coordinator.page.locator('main dl').getByText(/^approved$/i),
      'the workflow’s status shown as "Approved"',
    );
    for (const step of [STEPS.file, STEPS.chairs, STEPS.cbp])
      await need(
        stepItem(coordinator.page, step).getByRole('heading', { name: /approved/i }),
        `"${step.en}" shown approved`,
      );
    await coordinator.context.close();
  });
});
