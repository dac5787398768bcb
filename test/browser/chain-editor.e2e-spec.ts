import type { Browser, Locator, Page } from 'playwright-core';
import { ADMIN } from '../support/test-app';
import {
  choose,
  expectAccessible,
  launchBrowser,
  need,
  openUser,
  settle,
  signIn,
  tabTo,
} from '../support/browser';
import { GROUP, createScenario, startService, type Scenario } from './scenario';
import { either } from './ui';

jest.setTimeout(180_000);

const CHAIN = {
  key: 'rail-crossing-review',
  name: { en: 'Rail crossing review', es: 'Revisión de cruce ferroviario' },
};
const STEP = {
  file: { en: 'Technical file', es: 'Expediente técnico', key: 'technical-file' },
  customs: { en: 'Customs review', es: 'Revisión aduanal', key: 'customs-review' },
  chairs: {
    en: 'Co-chairs sign-off',
    es: 'Visto bueno de copresidencia',
    key: 'co-chairs-sign-off',
  },
};
/** CBP as the Spanish pages name it: "(EE. UU.)", with either space inside (a no-break one). */
const CBP_ES = /CBP — Aduanas y Protección \(EE\.\sUU\.\)/;
const CBP_ES_EXACT = new RegExp(`^${CBP_ES.source}$`);

/** The keyboard alone: Tab to a field, select what it holds, type. */
async function typeInto(page: Page, field: Locator, text: string, what: string) {
  await tabTo(page, field, what);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
}

/** Tab to a checkbox and tick it with Space. */
async function tick(page: Page, box: Locator, what: string) {
  await tabTo(page, box, what);
  await page.keyboard.press('Space');
  expect(await box.isChecked()).toBe(true);
}

/** Tab to a native select and pick an option by typing its first letters (type-ahead). */
async function pick(page: Page, select: Locator, typed: string, expected: string, what: string) {
  await tabTo(page, select, what);
  await page.keyboard.type(typed);
  expect(await select.inputValue()).toBe(expected);
}

/** The editor's section of the step whose heading names it ("Step 2: Customs review"). */
function stepSection(page: Page, number: number) {
  return page.getByRole('region').filter({
    has: page.getByRole('heading', { name: new RegExp(`^(step|etapa) ${number}:`, 'i') }),
  });
}

/**
 * The approval-chain editor, as an admin uses it with the keyboard alone: a three-step chain
 * whose last two steps run in parallel after the first, one of them only on rail projects;
 * the service refuses a reminder written wrong and the editor shows it on that step and
 * field; fixed, the draft saves, the graph preview shows the parallel branch, the check before
 * publishing names the agency nobody can sign for, and once published a coordinator starts a
 * workflow on it from a project's page. Then "new version from this one" opens version 2.
 */
describe('browser: the approval-chain editor', () => {
  let service: Awaited<ReturnType<typeof startService>>;
  let browser: Browser;
  let s: Scenario;
  let projectId: string;

  beforeAll(async () => {
    [service, browser] = await Promise.all([startService(), launchBrowser()]);
    s = await createScenario(service.app);
    // An agency nobody signs for yet: publishing must warn about it first.
    await service.app
      .http()
      .post('/api/v1/agencies')
      .auth(s.admin, { type: 'bearer' })
      .send({ code: 'IBWC', country: 'US', name: { en: 'Boundary Commission', es: 'CILA' } })
      .expect(201);
    projectId = (
      await service.app
        .http()
        .post('/api/v1/projects')
        .auth(s.people.coordinator.token, { type: 'bearer' })
        .send({
          code: 'NOG-RAIL',
          name: { en: 'Nogales rail spur', es: 'Espuela ferroviaria de Nogales' },
          type: 'rail_crossing',
          technicalGroupCode: GROUP.code,
          attributes: { involvesRail: true },
        })
        .expect(201)
    ).body.id;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await service?.app.close();
    await service?.smtp.close();
  });

  it('an admin builds a chain with a parallel branch and a condition, fixes the problem shown on its step, previews and publishes it; a coordinator starts a workflow on it', async () => {
    const { page, context } = await openUser(browser, service.app.url, {
      locale: 'en-US',
      timezoneId: 'America/Mexico_City',
    });
    await signIn(page, ADMIN, '/tasks');
    await settle(page, 'My tasks');
    // The administration entry is in the main navigation, for admins.
    await tabTo(
      page,
      page
        .getByRole('navigation', { name: /^main$/i })
        .getByRole('link', { name: /^administration$/i }),
      'the Administration link',
    );
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/manage/chains');
    await settle(page, 'the approval chains page');
    await tabTo(
      page,
      page.getByRole('link', { name: /^new approval chain$/i }),
      '"New approval chain"',
    );
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/manage/chains/new');
    await settle(page, 'the chain editor');

    await typeInto(
      page,
      page.getByLabel(/^chain name in spanish$/i),
      CHAIN.name.es,
      'chain name (es)',
    );
    await typeInto(
      page,
      page.getByLabel(/^chain name in english$/i),
      CHAIN.name.en,
      'chain name (en)',
    );
    expect(await page.getByLabel(/^chain key$/i).inputValue()).toBe(CHAIN.key);

    // Step 1: the SRE's technical file, 5 working days in Mexico.
    const one = stepSection(page, 1);
    await typeInto(
      page,
      one.getByLabel(/^step name in spanish$/i),
      STEP.file.es,
      'step 1 name (es)',
    );
    await typeInto(
      page,
      one.getByLabel(/^step name in english$/i),
      STEP.file.en,
      'step 1 name (en)',
    );
    await tabTo(page, one.getByLabel(/^step key$/i), 'step 1 key');
    expect(await one.getByLabel(/^step key$/i).inputValue()).toBe(STEP.file.key);
    await pick(page, one.getByLabel(/^assignee to add$/i), 'SRE', 'agency:SRE', 'step 1 assignee');
    await tabTo(
      page,
      one.getByRole('button', { name: /^add assignee$/i }),
      'step 1 "Add assignee"',
    );
    await page.keyboard.press('Enter');
    await need(
      one.getByRole('button', { name: /^remove SRE/i }),
      'SRE listed as assignee of step 1',
    );
    await tabTo(page, one.getByRole('radio', { name: /^no deadline$/i }), 'step 1 deadline choice');
    await page.keyboard.press('ArrowDown');
    expect(
      await one.getByRole('radio', { name: /^working days of a calendar$/i }).isChecked(),
    ).toBe(true);
    await typeInto(page, one.getByLabel(/^working days$/i), '5', 'step 1 working days');
    // The calendars as radios, each one's words whole; from the binational one, down to Mexico.
    await tabTo(page, one.getByRole('radio', { name: /^binational/i }), 'step 1 calendar');
    await page.keyboard.press('ArrowDown');
    expect(await one.getByRole('radio', { name: /^mexico$/i }).isChecked()).toBe(true);

    // Step 2: customs, after step 1, only on rail projects — with a reminder written wrong.
    await tabTo(page, page.getByRole('button', { name: /^add a step$/i }), '"Add a step"');
    await page.keyboard.press('Enter');
    const two = stepSection(page, 2);
    await need(two, 'the section of step 2');
    // Focus moved to the new step's first field.
    expect(
      await two
        .getByLabel(/^step name in spanish$/i)
        .evaluate((el) => el === el.ownerDocument.activeElement),
    ).toBe(true);
    await page.keyboard.type(STEP.customs.es);
    await typeInto(
      page,
      two.getByLabel(/^step name in english$/i),
      STEP.customs.en,
      'step 2 name (en)',
    );
    await pick(page, two.getByLabel(/^assignee to add$/i), 'CBP', 'agency:CBP', 'step 2 assignee');
    await tabTo(
      page,
      two.getByRole('button', { name: /^add assignee$/i }),
      'step 2 "Add assignee"',
    );
    await page.keyboard.press('Enter');
    await tick(
      page,
      two.getByRole('checkbox', { name: either(STEP.file) }),
      'step 2 runs after step 1',
    );
    await tick(
      page,
      two.getByRole('checkbox', { name: /^run this step only when/i }),
      'step 2 condition',
    );
    // The attribute's field suggests the usual attributes by their words, and says the one typed.
    const attribute = two.getByLabel(/^project attribute$/i);
    const suggestions = await page
      .locator(`datalist[id="${await attribute.getAttribute('list')}"] option`)
      .evaluateAll((options) =>
        options.map((o) => [o.getAttribute('value'), o.getAttribute('label')]),
      );
    expect(suggestions).toContainEqual(['involvesRail', 'Involves rail']);
    await typeInto(page, attribute, 'involvesRail', 'condition attribute');
    const attributeReading = page.locator(
      `[id="${((await attribute.getAttribute('aria-describedby')) ?? '').split(' ')[0]}"]`,
    );
    expect(await attributeReading.innerText()).toBe('Shown on projects as “Involves rail”.');
    await typeInto(page, two.getByLabel(/^value$/i), 'true', 'condition value');
    await tabTo(page, two.getByRole('button', { name: /^add a reminder$/i }), '"Add a reminder"');
    await page.keyboard.press('Enter');
    await typeInto(page, two.getByLabel(/^reminder 1/i), '3 days', 'reminder 1 of step 2');

    // Step 3: the group's co-chairs and the unstaffed IBWC, after step 1 (parallel to step 2).
    await tabTo(page, page.getByRole('button', { name: /^add a step$/i }), '"Add a step"');
    await page.keyboard.press('Enter');
    const three = stepSection(page, 3);
    await need(three, 'the section of step 3');
    await page.keyboard.type(STEP.chairs.es);
    await typeInto(
      page,
      three.getByLabel(/^step name in english$/i),
      STEP.chairs.en,
      'step 3 name (en)',
    );
    await pick(
      page,
      three.getByLabel(/^assignee to add$/i),
      'Sonora',
      `group:${GROUP.code}`,
      'step 3 group',
    );
    await tabTo(
      page,
      three.getByRole('button', { name: /^add assignee$/i }),
      'step 3 "Add assignee"',
    );
    await page.keyboard.press('Enter');
    // Focus went back to the list of assignees, to add another.
    const picker = three.getByLabel(/^assignee to add$/i);
    expect(await picker.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await page.keyboard.type('IBWC');
    expect(await picker.inputValue()).toBe('agency:IBWC');
    await tabTo(
      page,
      three.getByRole('button', { name: /^add assignee$/i }),
      'step 3 "Add assignee"',
    );
    await page.keyboard.press('Enter');
    await tick(
      page,
      three.getByRole('checkbox', { name: either(STEP.file) }),
      'step 3 runs after step 1',
    );

    // The preview draws steps 2 and 3 side by side in the column after step 1.
    const graph = page.getByRole('group', { name: /graph of the chain: 3 steps/i });
    await need(graph, 'the graph preview of the chain');
    const columnOf = async (name: string) => {
      const node = graph.locator('g.node').filter({ hasText: name });
      const transform = (await node.getAttribute('transform')) ?? '';
      return Number(/translate\(([\d.]+)/.exec(transform)?.[1]);
    };
    const [x1, x2, x3] = [
      await columnOf(STEP.file.en),
      await columnOf(STEP.customs.en),
      await columnOf(STEP.chairs.en),
    ];
    expect(x2).toBeGreaterThan(x1);
    expect(x3).toBe(x2);
    expect(await graph.locator('path.edge').count()).toBe(2);
    await need(
      graph.getByText('Only when “Involves rail”'),
      'the condition shown on step 2 in the graph, the attribute by its words',
    );

    // Saving: the service refuses the reminder; the problem shows on step 2's reminder field.
    await tabTo(page, page.getByRole('button', { name: /^save the draft$/i }), '"Save the draft"');
    await page.keyboard.press('Enter');
    const summary = await need(
      page.getByRole('alert').filter({ hasText: /the chain has a problem/i }),
      'the summary of the problems the service found',
    );
    expect(await summary.innerText()).toMatch(
      /step 2 “Customs review”, reminders: write a duration such as P3D/i,
    );
    await need(two.getByText(/write a duration such as P3D/i), 'the problem written on step 2');
    await need(
      two
        .locator('.field')
        .filter({ has: page.getByLabel(/^reminder 1/i) })
        .getByText(/write a duration such as P3D/i),
      'the problem written right by the reminder’s field',
    );
    await need(two.getByText(/^1 problem$/i), 'step 2 marked as having one problem');
    expect(await two.getByLabel(/^reminder 1/i).getAttribute('aria-invalid')).toBe('true');
    expect(await one.getByText(/write a duration/i).count()).toBe(0);
    await need(graph.getByText(/1 problem/i), 'the problem marked on step 2 in the graph');
    expect(
      await service.app.http().get('/api/v1/approval-chains').auth(s.admin, { type: 'bearer' }),
    ).toMatchObject({
      body: { items: [expect.objectContaining({ key: 'border-crossing' })], total: 1 },
    });

    // The summary's link takes the keyboard to the field; the fix saves the draft.
    await tabTo(page, summary.getByRole('link', { name: /step 2/i }), 'the link to the problem');
    await page.keyboard.press('Enter');
    expect(
      await two.getByLabel(/^reminder 1/i).evaluate((el) => el === el.ownerDocument.activeElement),
    ).toBe(true);
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('P3D');
    // The duration in words under its field, and describing it.
    const reminder = two.getByLabel(/^reminder 1/i);
    const reading = page.locator(
      `[id="${((await reminder.getAttribute('aria-describedby')) ?? '').split(' ')[0]}"]`,
    );
    expect(await reading.innerText()).toBe('That is 3 days before the deadline.');
    await tabTo(page, page.getByRole('button', { name: /^save the draft$/i }), '"Save the draft"');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/manage\/chains\/[0-9a-f-]{36}$/);
    await settle(page, 'the saved draft');
    await need(
      page.getByRole('heading', { name: /rail crossing review, version 1/i }),
      'the draft',
    );
    expect(await page.getByText(/the chain has a problem/i).count()).toBe(0);

    // Before publishing: the assignee nobody can sign for is named.
    await tabTo(
      page,
      page.getByRole('button', { name: /^review and publish$/i }),
      '"Review and publish"',
    );
    await page.keyboard.press('Enter');
    const checks = await need(
      page.getByRole('region', { name: /^before publishing$/i }),
      'the check before publishing',
    );
    await need(
      checks.getByText(/nobody can sign for IBWC .* on “Co-chairs sign-off” today/i),
      'the warning about IBWC',
    );
    expect(await checks.getByText(/nobody can sign for/i).count()).toBe(1);
    await tabTo(
      page,
      checks.getByRole('button', { name: /^publish anyway$/i }),
      '"Publish anyway"',
    );
    await page.keyboard.press('Enter');
    await need(
      page.getByRole('button', { name: /^new version from this one$/i }),
      'the published chain',
    );
    await need(page.getByText(/^published\.$/i), 'the announcement that the chain is published');
    // Each step in words: the steps it runs after by name, its condition, rule, reminders, and
    // what a rejection does; never a step's key where a name is expected.
    const customs = page
      .locator('ol.chain-steps > li')
      .filter({ has: page.getByRole('heading', { name: STEP.customs.en, exact: true }) });
    for (const [text, what] of [
      [STEP.file.en, 'the step it runs after, by name'],
      [
        'Involves rail equals Yes',
        'the condition, its attribute by its words, its boolean as "Yes"',
      ],
      ['Every assignee approves', 'the rule'],
      ['Reminder 1: 3 days before the deadline', 'the reminder, in words'],
      ['End the workflow as rejected', 'what a rejection does'],
    ])
      await need(customs.locator('dd').filter({ hasText: new RegExp(`^${text}$`) }), what);
    expect(await customs.getByText(STEP.file.key).count()).toBe(0);

    const stored = (
      await service.app
        .http()
        .get('/api/v1/approval-chains')
        .query({ key: CHAIN.key })
        .auth(s.admin, { type: 'bearer' })
    ).body.items;
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      version: 1,
      status: 'published',
      name: CHAIN.name,
      steps: [
        {
          key: STEP.file.key,
          name: { en: STEP.file.en, es: STEP.file.es },
          assignees: [{ agency: 'SRE' }],
          sla: { businessDays: 5, calendar: 'MX' },
        },
        {
          key: STEP.customs.key,
          assignees: [{ agency: 'CBP' }],
          dependsOn: [STEP.file.key],
          condition: { attribute: 'involvesRail', equals: true },
          reminders: [{ before: 'P3D' }],
        },
        {
          key: STEP.chairs.key,
          assignees: [{ technicalGroup: GROUP.code }, { agency: 'IBWC' }],
          dependsOn: [STEP.file.key],
        },
      ],
    });

    // A coordinator starts a workflow on it from the project's page.
    const coordinator = await openUser(browser, service.app.url, {
      locale: 'en-US',
      timezoneId: 'America/Mexico_City',
    });
    await signIn(coordinator.page, s.people.coordinator, `/projects/${projectId}`);
    await settle(coordinator.page, 'the project page');
    const opener = coordinator.page
      .getByRole('button', { name: /^(start a workflow|iniciar un trámite)/i })
      .or(coordinator.page.getByRole('link', { name: /^(start a workflow|iniciar un trámite)/i }));
    if (await opener.first().isVisible()) await opener.first().click();
    await choose(coordinator.page, /chain|cadena/i, either(CHAIN.name), 'the approval chain field');
    const form = coordinator.page
      .locator('form')
      .filter({ has: coordinator.page.getByLabel(/chain|cadena/i) });
    await form.getByRole('button', { name: /^(start|iniciar)/i }).click();
    await coordinator.page.waitForURL(/\/workflows\/[0-9a-f-]{36}/);
    const workflowId = /\/workflows\/([0-9a-f-]{36})/.exec(coordinator.page.url())![1];
    const workflow = await s.workflow(workflowId);
    expect(workflow.status).toBe('active');
    expect(workflow.steps.map((x) => [x.key, x.status])).toEqual([
      [STEP.file.key, 'active'],
      [STEP.customs.key, 'pending'],
      [STEP.chairs.key, 'pending'],
    ]);
    await coordinator.context.close();

    // "New version from this one": a draft of version 2 opens in the editor, same steps.
    await tabTo(
      page,
      page.getByRole('button', { name: /^new version from this one$/i }),
      '"New version from this one"',
    );
    await page.keyboard.press('Enter');
    await need(
      page.getByRole('heading', { name: /rail crossing review, version 2/i }),
      'version 2',
    );
    await need(page.getByRole('button', { name: /^save the draft$/i }), 'the editor of version 2');
    expect(
      await stepSection(page, 3)
        .getByLabel(/^step key$/i)
        .inputValue(),
    ).toBe(STEP.chairs.key);
    // Version 1 again: a second draft of the key is refused, and the page says why.
    await page.goBack();
    await need(
      page.getByRole('heading', { name: /rail crossing review, version 1/i }),
      'version 1 again',
    );
    await page.getByRole('button', { name: /^new version from this one$/i }).click();
    await need(
      page.getByRole('alert').filter({ hasText: /a draft of this chain already exists/i }),
      'why no second draft can be made',
    );
    await context.close();
  });

  it('shows every problem of a chain on the first save, each link leading to its own field', async () => {
    const { page, context } = await openUser(browser, service.app.url, {
      locale: 'en-US',
      timezoneId: 'America/Mexico_City',
    });
    const chainCount = async () =>
      (await service.app.http().get('/api/v1/approval-chains').auth(s.admin, { type: 'bearer' }))
        .body.total as number;
    const chainsBefore = await chainCount();
    await signIn(page, ADMIN, '/manage/chains/new');
    await settle(page, 'the chain editor');
    // A step without names, with two assignees and a quorum of three, and a condition whose
    // value was never written; the chain itself has no name either.
    const one = stepSection(page, 1);
    for (const code of ['SRE', 'CBP']) {
      await pick(page, one.getByLabel(/^assignee to add$/i), code, `agency:${code}`, code);
      await tabTo(page, one.getByRole('button', { name: /^add assignee$/i }), '"Add assignee"');
      await page.keyboard.press('Enter');
    }
    await one.getByRole('radio', { name: /quorum/i }).check();
    await typeInto(page, one.getByLabel(/^approvals needed$/i), '3', 'the quorum');
    await tick(page, one.getByRole('checkbox', { name: /^run this step only when/i }), 'condition');
    await typeInto(page, one.getByLabel(/^project attribute$/i), 'involvesRail', 'attribute');

    await tabTo(page, page.getByRole('button', { name: /^save the draft$/i }), '"Save the draft"');
    await page.keyboard.press('Enter');
    const summary = await need(
      page.getByRole('alert').filter({ hasText: /the chain has \d+ problems/i }),
      'the summary of the problems',
    );
    // All of them at once — the chain's own fields named by their labels, not "key:" or
    // "name:" — and nothing saved.
    const items = (await summary.getByRole('listitem').allInnerTexts()).map((x) => x.trim());
    expect(items).toEqual([
      'Chain key: This is required.',
      'Chain name in English: This is required.',
      'Chain name in Spanish: This is required.',
      'Step 1 “—”, key: This is required.',
      'Step 1 “—”, name in English: This is required.',
      'Step 1 “—”, name in Spanish: This is required.',
      'Step 1 “—”, approvals needed: Write a whole number from 1 to 2.',
      'Step 1 “—”, condition’s value: This is required.',
    ]);
    expect(await chainCount()).toBe(chainsBefore);

    // Each link takes the keyboard to its own field, marked invalid and described by its error.
    const follow = async (link: RegExp, field: Locator, error: RegExp) => {
      await tabTo(page, summary.getByRole('link', { name: link }), `the link "${link.source}"`);
      await page.keyboard.press('Enter');
      expect(await field.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      const described = (await field.getAttribute('aria-describedby')) ?? '';
      const texts = await Promise.all(
        described
          .split(' ')
          .filter(Boolean)
          .map((id) => page.locator(`[id="${id}"]`).innerText()),
      );
      expect(texts.join(' ')).toMatch(error);
      // Back to the summary, for the next link.
      await summary.focus();
    };
    await follow(
      /^step 1 “—”, name in english/i,
      one.getByLabel(/^step name in english$/i),
      /required/i,
    );
    await follow(
      /^step 1 “—”, name in spanish/i,
      one.getByLabel(/^step name in spanish$/i),
      /required/i,
    );
    await follow(/approvals needed/i, one.getByLabel(/^approvals needed$/i), /from 1 to 2/i);
    await follow(/condition’s value/i, one.getByLabel(/^value$/i), /required/i);
    await follow(
      /^chain name in spanish/i,
      page.getByLabel(/^chain name in spanish$/i),
      /required/i,
    );
    await follow(/^chain key/i, page.getByLabel(/^chain key$/i), /required/i);
    // The fields not named stay unmarked: the quorum's problem is not on the rule's first choice.
    expect(
      await one
        .getByRole('radio', { name: /^every assignee approves$/i })
        .getAttribute('aria-invalid'),
    ).toBeNull();
    expect(await one.getByLabel(/^project attribute$/i).getAttribute('aria-invalid')).toBeNull();
    await context.close();
  });
});

/**
 * "If the step is rejected" offers only the steps a step runs after, and the preview copes
 * with long names, arrows that skip a column, and a cycle being drawn while it is edited.
 */
describe('browser: the chain editor’s return choices and graph preview', () => {
  let service: Awaited<ReturnType<typeof startService>>;
  let browser: Browser;
  let s: Scenario;
  let chainId: string;
  const NAMES = {
    file: { en: 'Technical file', es: 'Expediente técnico' },
    // The names the report found cut after two lines ("…Secretaría de…", "…Ministry of…").
    review: {
      en: 'Technical review by the Ministry of Infrastructure and Transport',
      es: 'Revisión técnica de la Secretaría de Infraestructura',
    },
    customs: { en: 'Customs review', es: 'Revisión aduanal' },
    signoff: { en: 'Co-chairs sign-off', es: 'Visto bueno de copresidencia' },
  };

  beforeAll(async () => {
    [service, browser] = await Promise.all([startService(), launchBrowser()]);
    s = await createScenario(service.app);
    // file → review → sign-off, customs after file in parallel with review; sign-off also
    // waits on file directly (an arrow that skips review's column) and returns to review.
    chainId = (
      await service.app
        .http()
        .post('/api/v1/approval-chains')
        .auth(s.admin, { type: 'bearer' })
        .send({
          key: 'returns-and-preview',
          name: { en: 'Returns and preview', es: 'Regresos y vista previa' },
          steps: [
            { key: 'file', name: NAMES.file, assignees: [{ agency: 'SRE' }] },
            {
              key: 'review',
              name: NAMES.review,
              assignees: [{ agency: 'SRE' }],
              dependsOn: ['file'],
            },
            {
              key: 'customs',
              name: NAMES.customs,
              assignees: [{ agency: 'CBP' }],
              dependsOn: ['file'],
            },
            {
              key: 'signoff',
              name: NAMES.signoff,
              assignees: [{ technicalGroup: GROUP.code }],
              dependsOn: ['review', 'file'],
              onReject: { returnTo: 'review' },
            },
          ],
        })
        .expect(201)
    ).body.id;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await service?.app.close();
    await service?.smtp.close();
  });

  type Box = { x: number; y: number; w: number; h: number; label: string; lines: string[] };
  type Drawing = {
    height: string | null;
    viewBox: string | null;
    boxes: Box[];
    /** Points along each arrow, every 1/200th of its length. */
    edges: { x: number; y: number }[][];
    /** The widest line of text in a box, as drawn. */
    widest: number;
  };
  /** The preview as drawn: its boxes, the points along its arrows, its size. */
  const drawing = (graph: Locator): Promise<Drawing> =>
    graph.evaluate((svg: unknown) => {
      type El = {
        getAttribute(name: string): string | null;
        querySelector(selector: string): El;
        querySelectorAll(selector: string): El[];
        getBBox(): { width: number; height: number };
        getTotalLength(): number;
        getPointAtLength(at: number): { x: number; y: number };
        getComputedTextLength(): number;
        textContent: string | null;
      };
      const root = svg as El;
      let widest = 0;
      const boxes = [...root.querySelectorAll('g.node')].map((g) => {
        const m = /translate\(([-\d.]+) ([-\d.]+)\)/.exec(g.getAttribute('transform') ?? '');
        const rect = g.querySelector('rect');
        const texts = [...g.querySelectorAll('text')];
        for (const t of texts) widest = Math.max(widest, t.getComputedTextLength());
        return {
          x: Number(m?.[1]),
          y: Number(m?.[2]),
          w: Number(rect.getAttribute('width')),
          h: Number(rect.getAttribute('height')),
          label: g.getAttribute('aria-label') ?? '',
          lines: texts
            .filter((t) => t.getAttribute('class') !== 'node__status')
            .map((t) => t.textContent ?? ''),
        };
      });
      const edges = [...root.querySelectorAll('path.edge')].map((p) => {
        const length = p.getTotalLength();
        return Array.from({ length: 201 }, (_, i) => p.getPointAtLength((length * i) / 200));
      });
      return {
        height: root.getAttribute('height'),
        viewBox: root.getAttribute('viewBox'),
        boxes,
        edges: edges.map((points) => points.map(({ x, y }) => ({ x, y }))),
        widest,
      };
    });
  /** The boxes an arrow runs through (a point more than 1 unit inside one). */
  const crossed = ({ boxes, edges }: Drawing) =>
    edges.flatMap((points) =>
      boxes
        .filter((b) =>
          points.some(
            (p) => p.x > b.x + 1 && p.x < b.x + b.w - 1 && p.y > b.y + 1 && p.y < b.y + b.h - 1,
          ),
        )
        .map((b) => b.label),
    );
  const optionsOf = (select: Locator) =>
    select.locator('option').evaluateAll((options) => options.map((o) => o.textContent ?? ''));

  it('offers a return only to the steps a step runs after, marks one that no longer is, and draws the graph whole', async () => {
    const { page, context, errors } = await openUser(browser, service.app.url, {
      locale: 'en-US',
    });
    await signIn(page, ADMIN, `/manage/chains/${chainId}`);
    await settle(page, 'the draft chain');
    await need(page.getByRole('button', { name: /^save the draft$/i }), 'the editor');

    // The first step runs after nothing: no empty choice, but what happens, in words.
    const one = stepSection(page, 1);
    await need(one.getByText(/^if the step is rejected$/i), 'step 1: "If the step is rejected"');
    await need(
      one.getByText(/^the workflow ends as rejected: this step runs after no other step/i),
      'step 1: nothing to return to, said',
    );
    expect(await one.getByRole('combobox', { name: /^if the step is rejected$/i }).count()).toBe(0);
    // Customs (after file, in parallel with review): file only.
    const customsChoice = stepSection(page, 3).getByLabel(/^if the step is rejected$/i);
    expect(await optionsOf(customsChoice)).toEqual([
      'End the workflow as rejected',
      'Return to “Technical file” and run again from there',
    ]);
    // Sign-off: the steps it runs after, directly or not — never customs, a parallel step.
    const four = stepSection(page, 4);
    const choice = four.getByLabel(/^if the step is rejected$/i);
    expect(await optionsOf(choice)).toEqual([
      'End the workflow as rejected',
      'Return to “Technical file” and run again from there',
      `Return to “${NAMES.review.en}” and run again from there`,
    ]);
    expect(await choice.inputValue()).toBe('review');
    expect(await choice.getAttribute('aria-invalid')).toBeNull();

    // The long name on three lines, whole; every box as tall; the arrow file → sign-off
    // around review, not under it.
    const graph = page.getByRole('group', { name: /graph of the chain: 4 steps/i });
    await need(graph, 'the graph preview');
    let drawn = await drawing(graph);
    const review = drawn.boxes.find((b) => b.label.startsWith(NAMES.review.en))!;
    expect(review.lines).toHaveLength(3);
    expect(review.lines.join(' ')).toBe(NAMES.review.en);
    expect(review.label).toBe(`${NAMES.review.en}: 1 assignee`);
    expect(new Set(drawn.boxes.map((b) => b.h))).toEqual(new Set([88]));
    expect(drawn.widest).toBeLessThanOrEqual(180);
    expect(drawn.edges).toHaveLength(4);
    expect(crossed(drawn)).toEqual([]);

    // Sign-off no longer runs after review: its return to review stays, marked, and said.
    await tabTo(
      page,
      four.getByRole('checkbox', { name: either(NAMES.review) }),
      'step 4 runs after review',
    );
    await page.keyboard.press('Space');
    expect(await choice.inputValue()).toBe('review');
    expect(await choice.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await choice.getAttribute('aria-describedby')) ?? '';
    expect(describedBy).not.toBe('');
    expect(await page.locator(`[id="${describedBy}"]`).innerText()).toMatch(
      new RegExp(
        `This step does not run after “${NAMES.review.en}”: return only to a step it runs after, or end the workflow`,
      ),
    );
    await need(four.getByText(/^1 problem$/), 'step 4 marked as having one problem');
    await need(graph.getByText(/^1 problem$/), 'the problem marked on step 4 in the graph');
    // Only file is left to offer, beside the choice being kept.
    expect(await optionsOf(choice)).toEqual([
      'End the workflow as rejected',
      'Return to “Technical file” and run again from there',
      `Return to “${NAMES.review.en}” and run again from there`,
    ]);
    // Changed with the keyboard, the problem goes.
    await tabTo(page, choice, 'step 4 "If the step is rejected"');
    await page.keyboard.press('ArrowUp');
    expect(await choice.inputValue()).toBe('file');
    expect(await choice.getAttribute('aria-invalid')).toBeNull();
    expect(await four.getByText(/^1 problem$/).count()).toBe(0);

    // A cycle: file made to wait on sign-off. Every box stays drawn, in the drawing.
    await tick(
      page,
      one.getByRole('checkbox', { name: either(NAMES.signoff) }),
      'step 1 runs after sign-off',
    );
    drawn = await drawing(graph);
    expect(Number.isFinite(Number(drawn.height))).toBe(true);
    expect(drawn.viewBox).not.toMatch(/NaN/);
    const [, , vw, vh] = (drawn.viewBox ?? '').split(' ').map(Number);
    expect(drawn.boxes).toHaveLength(4);
    for (const b of drawn.boxes) {
      expect(Number.isFinite(b.x) && Number.isFinite(b.y)).toBe(true);
      expect(b.x + b.w).toBeLessThanOrEqual(vw);
      expect(b.y + b.h).toBeLessThanOrEqual(vh);
    }
    expect(crossed(drawn)).toEqual([]);
    // Nothing went wrong drawing it (React would log a height of "NaN").
    expect(errors).toEqual([]);
    // Saving names the cycle, as before.
    await page.getByRole('button', { name: /^save the draft$/i }).click();
    await need(
      page.getByRole('alert').filter({ hasText: /wait on each other in a circle/i }),
      'the cycle named as a problem',
    );
    await context.close();
  });

  /** An admin who reads Spanish, made once for the tests that need one. */
  let spanishAdmin: Promise<{ email: string; password: string }> | undefined;
  const adminInSpanish = () =>
    (spanishAdmin ??= (async () => {
      const email = 'admin.es@test.puentes.local';
      const password = 'an-admin-password-in-spanish';
      await service.app
        .http()
        .post('/api/v1/users')
        .auth(s.admin, { type: 'bearer' })
        .send({ email, name: 'Admin es', password, roles: ['admin'], locale: 'es' })
        .expect(201);
      return { email, password };
    })());

  it('says the same in Spanish', async () => {
    const { page, context, errors } = await openUser(browser, service.app.url, {
      locale: 'es-MX',
    });
    await signIn(page, await adminInSpanish(), `/manage/chains/${chainId}`);
    await settle(page, 'the draft chain, in Spanish');
    await need(page.getByRole('button', { name: /^guardar el borrador$/i }), 'the editor');
    const one = stepSection(page, 1);
    await need(
      one.getByText(/^el trámite termina como rechazado: esta etapa no se ejecuta después de/i),
      'step 1: nothing to return to, in Spanish',
    );
    // An agency's country as the Spanish pages write it: "(EE. UU.)" (a no-break space inside,
    // so it never breaks across lines), "(MX)".
    const customs = stepSection(page, 3);
    // Each step titled by its Spanish name, not its English one.
    await need(
      customs.getByRole('heading', { name: `Etapa 3: ${NAMES.customs.es}`, exact: true }),
      'step 3 titled by its Spanish name',
    );
    expect(await page.getByRole('heading', { name: NAMES.customs.en }).count()).toBe(0);
    await need(
      customs.getByRole('listitem').filter({ hasText: CBP_ES }),
      'CBP listed as assignee with its country in Spanish',
    );
    const agencies = await optionsOf(customs.getByLabel(/^responsable por agregar$/i));
    expect(agencies).toContainEqual(expect.stringMatching(CBP_ES_EXACT));
    expect(agencies).toContain('SRE — Relaciones Exteriores (MX)');
    expect(agencies.filter((o) => o.endsWith('(US)'))).toEqual([]);
    const four = stepSection(page, 4);
    const choice = four.getByLabel(/^si la etapa se rechaza$/i);
    expect(await optionsOf(choice)).toEqual([
      'Terminar el trámite como rechazado',
      'Volver a «Expediente técnico» y repetir desde ahí',
      `Volver a «${NAMES.review.es}» y repetir desde ahí`,
    ]);
    await four.getByRole('checkbox', { name: either(NAMES.review) }).uncheck();
    expect(await choice.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await choice.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${describedBy}"]`).innerText()).toMatch(
      `Esta etapa no se ejecuta después de «${NAMES.review.es}»`,
    );
    const graph = page.getByRole('group', { name: /diagrama de la cadena: 4 etapas/i });
    const drawn = await drawing(graph);
    const review = drawn.boxes.find((b) => b.label.startsWith(NAMES.review.es))!;
    expect(review.lines).toHaveLength(3);
    expect(review.lines.join(' ')).toBe(NAMES.review.es);
    expect(review.label).toBe(`${NAMES.review.es}: 1 responsable`);
    expect(drawn.widest).toBeLessThanOrEqual(180);
    expect(crossed(drawn)).toEqual([]);
    await expectAccessible(page, 'the chain editor with a return marked (es)');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('words a published chain’s deadlines, reminders and escalations in Spanish, never in ISO 8601', async () => {
    const http = service.app.http();
    const published = (
      await http
        .post('/api/v1/approval-chains')
        .auth(s.admin, { type: 'bearer' })
        .send({
          key: 'published-in-words',
          name: { en: 'Published in words', es: 'Publicada en palabras' },
          steps: [
            {
              key: 'file',
              name: NAMES.file,
              assignees: [{ agency: 'SRE' }],
              sla: { businessDays: 5, calendar: 'binational' },
            },
            {
              key: 'customs',
              name: NAMES.customs,
              assignees: [{ agency: 'CBP' }],
              dependsOn: ['file'],
              condition: { attribute: 'involvesRail', equals: true },
              sla: { duration: 'P5D' },
              reminders: [{ before: 'P3D' }, { before: 'PT0S' }],
              escalations: [
                { after: 'PT0S', notify: ['coordinator'] },
                { after: 'P1DT12H', notify: ['admin'] },
              ],
            },
          ],
        })
        .expect(201)
    ).body.id as string;
    await http
      .post(`/api/v1/approval-chains/${published}/publish`)
      .auth(s.admin, { type: 'bearer' })
      .expect(200);
    const { page, context, errors } = await openUser(browser, service.app.url, {
      locale: 'es-MX',
    });
    await signIn(page, await adminInSpanish(), `/manage/chains/${published}`);
    await settle(page, 'the published chain, in Spanish');
    await need(
      page.getByRole('button', { name: /^nueva versión a partir de esta$/i }),
      'the published chain',
    );
    const step = (name: string) =>
      page
        .locator('ol.chain-steps > li')
        .filter({ has: page.getByRole('heading', { name, exact: true }) });
    const file = step(NAMES.file.es);
    await need(
      file.locator('dd').filter({
        hasText: /^5 días hábiles binacionales, contando solo los días hábiles en ambos países$/,
      }),
      'the binational deadline in words, without brackets inside brackets',
    );
    const customs = step(NAMES.customs.es);
    await need(customs, 'the customs step, in Spanish');
    expect((await customs.locator('dd').allInnerTexts()).map((x) => x.trim())).toEqual(
      expect.arrayContaining([
        // The assignee, its country as the Spanish pages write it.
        expect.stringMatching(CBP_ES_EXACT),
        // The condition, its attribute by the project page's words, its boolean as "Sí".
        'Incluye ferrocarril es igual a Sí',
        // The elapsed-time deadline in words.
        '5 días desde la activación',
      ]),
    );
    expect(await customs.locator('dd li').allInnerTexts()).toEqual([
      'Recordatorio 1: 3 días antes del plazo',
      'Recordatorio 2: al vencer el plazo',
      'Escalamiento 1: al vencer el plazo — La coordinación del trámite',
      'Escalamiento 2: 1 día y 12 horas después del plazo — Personas administradoras',
    ]);
    await need(
      page
        .getByRole('group', { name: /^diagrama de la cadena/i })
        .getByText('Solo si «Incluye ferrocarril»'),
      'the condition in the graph, the attribute by its words',
    );
    const text = await page.locator('main').innerText();
    // The attribute never by its key.
    expect(text).not.toMatch(/involvesRail/);
    // No ISO 8601 duration (P3D, PT0S, P1DT12H…) and no bracket inside another.
    expect(text).not.toMatch(/\bP(T?\d|\dT)|\bP\d+D\b/);
    expect(text).not.toMatch(/\([^()]*\(/);
    expect(errors).toEqual([]);
    await context.close();
  });
});
