import { createHash } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { pdfFile } from '../support/document-files';
import { launchBrowser, need, openUser, settle, signIn } from '../support/browser';
import { STEPS, createScenario, startService, type Scenario } from './scenario';
import { decide, openDecision } from './ui';

jest.setTimeout(120_000);

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * The expediente in the browser: the coordinator uploads a file from the project page and
 * sees it through (progress complete, the document listed with its SHA-256); the SRE approver
 * then cites it in her decision on the workflow page, and the history the API serves records
 * that SHA-256 with her signature.
 */
describe('browser: documents', () => {
  let service: Awaited<ReturnType<typeof startService>>;
  let browser: Browser;
  let s: Scenario;
  let projectId: string;
  let workflowId: string;
  const project = { en: 'San Luis II crossing', es: 'Cruce San Luis II' };
  // Large enough (3 MB) that the upload reports progress before it completes.
  const bytes = Buffer.concat([pdfFile('MIA San Luis II'), Buffer.alloc(3 * 1024 * 1024, 0x20)]);
  const title = 'MIA San Luis II — environmental statement';

  beforeAll(async () => {
    [service, browser] = await Promise.all([startService(), launchBrowser()]);
    s = await createScenario(service.app);
    projectId = (await s.project(project.en, project.es)).id;
    workflowId = (await s.startWorkflow(projectId)).id;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.app.close();
    await service?.smtp.close();
  });

  it('a coordinator uploads a file from the project page and sees its SHA-256', async () => {
    const { page, context } = await openUser(browser, service.app.url, {
      locale: 'en-US',
      timezoneId: 'America/Mexico_City',
    });
    await signIn(page, s.people.coordinator, `/projects/${projectId}`);
    await settle(page, 'the project page');
    const form = page.locator('form').filter({ has: page.getByLabel(/^(file|archivo)$/i) });
    await need(form, 'the upload form (with a "File" field) on the project page');
    await form.getByLabel(/^(title|título)$/i).fill(title);
    await form.getByLabel(/^(kind|tipo)$/i).selectOption({ label: 'Environmental statement' });
    await form
      .getByLabel(/^(file|archivo)$/i)
      .setInputFiles({ name: 'mia-san-luis.pdf', mimeType: 'application/pdf', buffer: bytes });
    await form.getByRole('button', { name: /^(upload|subir)$/i }).click();

    // The progress bar runs to its end, and says so in words.
    const progress = await need(
      page.getByRole('progressbar', { name: /upload progress|avance de la carga/i }),
      'the upload progress bar',
    );
    await need(form.getByText(/^(upload complete\.|carga completa\.)$/i), 'the upload complete');
    expect(await progress.evaluate((el) => (el as unknown as { value: number }).value)).toBe(100);
    const done = await need(
      page.getByRole('status').filter({ hasText: /uploaded, version 1/i }),
      'the announcement that the document was uploaded',
    );
    expect(await done.innerText()).toContain(sha256(bytes));

    // Listed, with its SHA-256 whole, where an auditor looks.
    const card = page.getByRole('listitem').filter({
      has: page.getByRole('heading', { name: new RegExp(title.replace(/[—]/g, '.')) }),
    });
    await need(card, 'the uploaded document in the project’s list');
    expect(await card.locator('code').first().innerText()).toBe(sha256(bytes));
    await need(
      card.getByRole('button', { name: /download mia-san-luis\.pdf \(version 1\)/i }),
      'the download button of version 1',
    );
    await context.close();
  });

  it('an approver cites it in her decision, and the event records its SHA-256', async () => {
    let documentId = (
      await service.app
        .http()
        .get(`/api/v1/projects/${projectId}/documents`)
        .auth(s.people.coordinator.token, { type: 'bearer' })
    ).body.items.find((d: { title: string }) => d.title === title)?.id as string | undefined;
    if (!documentId)
      documentId = (
        await s.uploadDocument(
          projectId,
          s.people.coordinator,
          { title, kind: 'environmental' },
          { name: 'mia-san-luis.pdf', bytes },
        )
      ).id;

    const { page, context } = await openUser(browser, service.app.url, {
      locale: 'es-MX',
      timezoneId: 'America/Mexico_City',
    });
    await signIn(page, s.people.sre, `/workflows/${workflowId}?step=expediente`);
    await settle(page, 'the workflow page');
    const panel = await openDecision(page, STEPS.file);
    const choice = panel.getByRole('checkbox', { name: new RegExp(title.replace(/[—]/g, '.')) });
    await need(choice, 'the document as a checkbox in the decision panel');
    await choice.check();
    const said = await decide(page, STEPS.file, 'approve');
    expect(said).toMatch(/aprobación.*registrada/i);

    const events = await service.app
      .http()
      .get(`/api/v1/workflows/${workflowId}/events?limit=200`)
      .auth(s.people.sre.token, { type: 'bearer' });
    const recorded = (
      events.body.items as { type: string; data: { stepKey: string; documents?: unknown } }[]
    ).find((e) => e.type === 'decision_recorded' && e.data.stepKey === 'expediente');
    expect(recorded?.data.documents).toEqual([{ documentId, version: 1, sha256: sha256(bytes) }]);
    const verified = await service.app
      .http()
      .get(`/api/v1/workflows/${workflowId}/events/verify`)
      .auth(s.people.sre.token, { type: 'bearer' });
    expect(verified.body).toEqual(expect.objectContaining({ valid: true, replay: 'matches' }));

    // The history on the page names the cited file and its SHA-256.
    const cited = page
      .getByRole('listitem')
      .filter({ hasText: /con base en estos documentos/i })
      .last();
    await need(cited, 'the citation in the workflow’s history');
    await need(cited.getByText(sha256(bytes)), 'the cited SHA-256 in the history');
    await context.close();
  });
});
