import { Client } from 'pg';
import {
  createAgency,
  createProject,
  createTechnicalGroup,
  createUser,
  expectProblem,
} from './support/fixtures';
import { createTestApp, type TestApp } from './support/test-app';

type Step = Record<string, unknown>;
type Workflow = {
  id: string;
  status: string;
  completedAt: string | null;
  steps: {
    key: string;
    status: string;
    round: number;
    dueAt: string | null;
    activatedAt: string | null;
    assignees: {
      agency?: string;
      technicalGroup?: string;
      decision: string | null;
      decidedBy: string | null;
      signatures: unknown[];
    }[];
  }[];
};

let serial = 0;
const key = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${serial++}`;

describe('Approval chains and workflows', () => {
  let app: TestApp;
  let admin: string;
  let coordinator: { token: string; user: { id: string } };
  let sre: { token: string; user: { id: string } };
  let cbp: { token: string; user: { id: string } };
  let gsa: { token: string; user: { id: string } };
  let viewer: string;
  let group: { code: string };
  let chairs: { mx: string; us: string };

  beforeAll(async () => {
    app = await createTestApp();
    admin = await app.adminToken();
    const agencies = {
      SRE: await createAgency(app, { code: 'SRE', country: 'MX' }),
      CBP: await createAgency(app, { code: 'CBP', country: 'US' }),
      GSA: await createAgency(app, { code: 'GSA', country: 'US', timeZone: 'America/Phoenix' }),
      SONORA: await createAgency(app, {
        code: 'SON-SICT',
        country: 'MX',
        timeZone: 'America/Hermosillo',
      }),
      ADOT: await createAgency(app, { code: 'ADOT', country: 'US', timeZone: 'America/Phoenix' }),
    };
    coordinator = await createUser(app, { roles: ['coordinator'] });
    sre = await createUser(app, { roles: ['approver'], agencyId: agencies.SRE.id });
    cbp = await createUser(app, { roles: ['approver'], agencyId: agencies.CBP.id });
    gsa = await createUser(app, { roles: ['approver'], agencyId: agencies.GSA.id });
    viewer = (await createUser(app, { roles: ['viewer'], agencyId: agencies.CBP.id })).token;
    const mxChair = await createUser(app, { roles: ['approver'], agencyId: agencies.SONORA.id });
    const usChair = await createUser(app, { roles: ['approver'], agencyId: agencies.ADOT.id });
    chairs = { mx: mxChair.token, us: usChair.token };
    group = await createTechnicalGroup(app, {
      code: 'SON-AZ',
      coChairs: { mx: mxChair.user.id, us: usChair.user.id },
    });
  });
  afterAll(() => app?.close());

  const name = (en: string) => ({ en, es: `${en} (es)` });

  async function publishedChain(steps: Step[], chainKey = key('chain')) {
    const created = await app
      .http()
      .post('/api/v1/approval-chains')
      .auth(admin, { type: 'bearer' })
      .send({ key: chainKey, name: name('Chain'), steps });
    if (created.status !== 201) throw new Error(`chain ${created.status} ${created.text}`);
    await app
      .http()
      .post(`/api/v1/approval-chains/${created.body.id}/publish`)
      .auth(admin, { type: 'bearer' })
      .expect(200);
    return chainKey;
  }

  async function startWorkflow(
    steps: Step[],
    attributes: Record<string, string | number | boolean> = {},
  ) {
    const chainKey = await publishedChain(steps);
    const project = await createProject(app, { attributes }, coordinator.token);
    const response = await app
      .http()
      .post(`/api/v1/projects/${project.id}/workflows`)
      .auth(coordinator.token, { type: 'bearer' })
      .send({ chainKey });
    if (response.status !== 201) throw new Error(`start ${response.status} ${response.text}`);
    return response.body as Workflow;
  }

  const decide = (
    workflowId: string,
    stepKey: string,
    token: string,
    body: Record<string, unknown>,
  ) =>
    app
      .http()
      .post(`/api/v1/workflows/${workflowId}/steps/${stepKey}/decisions`)
      .auth(token, { type: 'bearer' })
      .send(body);

  const stepOf = (workflow: Workflow, stepKey: string) =>
    workflow.steps.find((s) => s.key === stepKey)!;

  describe('approval chains', () => {
    const steps = [
      { key: 'intake', name: name('Intake'), assignees: [{ agency: 'SRE' }] },
      {
        key: 'review',
        name: name('Review'),
        assignees: [{ agency: 'CBP' }],
        dependsOn: ['intake'],
      },
    ];

    it('creates a draft, replaces it, publishes it, and freezes it', async () => {
      const chainKey = key('lifecycle');
      const created = await app
        .http()
        .post('/api/v1/approval-chains')
        .auth(admin, { type: 'bearer' })
        .send({ key: chainKey, name: name('Lifecycle'), steps });
      expect(created.status).toBe(201);
      expect(created.body).toEqual(
        expect.objectContaining({
          id: expect.any(String),
          key: chainKey,
          version: 1,
          status: 'draft',
          name: name('Lifecycle'),
          steps,
          publishedAt: null,
        }),
      );
      const id = created.body.id as string;
      const replaced = await app
        .http()
        .put(`/api/v1/approval-chains/${id}`)
        .auth(admin, { type: 'bearer' })
        .send({ key: chainKey, name: name('Lifecycle 2'), steps: steps.slice(0, 1) });
      expect(replaced.status).toBe(200);
      expect(replaced.body.steps).toHaveLength(1);

      const published = await app
        .http()
        .post(`/api/v1/approval-chains/${id}/publish`)
        .auth(admin, { type: 'bearer' });
      expect(published.status).toBe(200);
      expect(published.body).toEqual(
        expect.objectContaining({ status: 'published', publishedAt: expect.any(String) }),
      );

      expect(
        expectProblem(
          await app
            .http()
            .put(`/api/v1/approval-chains/${id}`)
            .auth(admin, { type: 'bearer' })
            .send({ key: chainKey, name: name('x'), steps }),
          409,
        ).code,
      ).toBe('CHAIN.PUBLISHED');
      expectProblem(
        await app
          .http()
          .post(`/api/v1/approval-chains/${id}/publish`)
          .auth(admin, { type: 'bearer' }),
        409,
      );
      expectProblem(
        await app
          .http()
          .post('/api/v1/approval-chains')
          .auth(admin, { type: 'bearer' })
          .send({ key: chainKey, name: name('x'), steps }),
        409,
      );

      const v2 = await app
        .http()
        .post(`/api/v1/approval-chains/${id}/versions`)
        .auth(admin, { type: 'bearer' });
      expect(v2.status).toBe(201);
      expect(v2.body).toEqual(
        expect.objectContaining({ key: chainKey, version: 2, status: 'draft' }),
      );
      expect(
        expectProblem(
          await app
            .http()
            .post(`/api/v1/approval-chains/${id}/versions`)
            .auth(admin, { type: 'bearer' }),
          409,
        ).code,
      ).toBe('CHAIN.DRAFT_EXISTS');

      const list = await app
        .http()
        .get(`/api/v1/approval-chains?key=${chainKey}`)
        .auth(viewer, { type: 'bearer' });
      expect(list.body).toEqual(expect.objectContaining({ total: 2, limit: 50, offset: 0 }));
      expect(list.body.items.map((c: { version: number }) => c.version)).toEqual([2, 1]);
    });

    it('refuses a broken chain with 400 naming every problem', async () => {
      const response = await app
        .http()
        .post('/api/v1/approval-chains')
        .auth(admin, { type: 'bearer' })
        .send({
          key: key('broken'),
          name: name('Broken'),
          steps: [
            { key: 'a', name: name('A'), assignees: [{ agency: 'NOPE' }], dependsOn: ['c'] },
            {
              key: 'b',
              name: name('B'),
              assignees: [{ agency: 'SRE' }],
              dependsOn: ['a'],
              rule: { quorum: 3 },
            },
            {
              key: 'c',
              name: name('C'),
              assignees: [{ technicalGroup: 'NO-GROUP' }],
              dependsOn: ['b'],
              sla: { duration: '-P1D' },
            },
          ],
        });
      const problem = expectProblem(response, 400);
      expect(problem.code).toBe('CHAIN.INVALID');
      const fields = problem.errors!.map((e) => e.field);
      expect(fields).toEqual(
        expect.arrayContaining([
          'steps[0].assignees[0].agency',
          'steps[1].rule.quorum',
          'steps[2].assignees[0].technicalGroup',
          'steps[2].sla.duration',
        ]),
      );
      expect(
        problem.errors!.some(
          (e) =>
            /cycle/.test(e.message) &&
            /a/.test(e.message) &&
            /b/.test(e.message) &&
            /c/.test(e.message),
        ),
      ).toBe(true);
      expect(problem.detail).toMatch(/NOPE/);
      expect(problem.detail).toMatch(/NO-GROUP/);
    });

    it('names each problem with a code and its values, and refuses a condition on empty text', async () => {
      const response = await app
        .http()
        .post('/api/v1/approval-chains')
        .auth(admin, { type: 'bearer' })
        .send({
          key: 'Not A Key',
          name: { en: 'Named', es: ' ' },
          steps: [
            {
              key: 'a',
              name: name('A'),
              assignees: [{ agency: 'SRE' }, { agency: 'CBP' }],
              rule: { quorum: 3 },
              condition: { attribute: 'lanes', equals: '' },
            },
          ],
        });
      const problem = expectProblem(response, 400);
      expect(problem.code).toBe('CHAIN.INVALID');
      // Every problem at once: the body's key and name with the steps'.
      expect(problem.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: 'key', code: 'key_format' }),
          expect.objectContaining({ field: 'name.es', code: 'required' }),
          expect.objectContaining({
            field: 'steps[0].rule.quorum',
            code: 'range',
            params: { min: 1, max: 2 },
          }),
          {
            field: 'steps[0].condition.equals',
            message: 'must be non-empty text',
            code: 'required',
          },
        ]),
      );
      expect(problem.errors).toHaveLength(4);
    });

    it('says an empty chain key is required, not malformed', async () => {
      const response = await app
        .http()
        .post('/api/v1/approval-chains')
        .auth(admin, { type: 'bearer' })
        .send({
          key: '',
          name: name('Keyless'),
          steps: [{ key: 'a', name: name('A'), assignees: [{ agency: 'SRE' }] }],
        });
      const problem = expectProblem(response, 400);
      expect(problem.errors).toEqual([{ field: 'key', message: 'is required', code: 'required' }]);
    });

    it('is written by admins only and read by everyone', async () => {
      expectProblem(
        await app
          .http()
          .post('/api/v1/approval-chains')
          .auth(coordinator.token, { type: 'bearer' })
          .send({ key: 'x', name: name('x'), steps }),
        403,
      );
      expect(
        (await app.http().get('/api/v1/approval-chains').auth(viewer, { type: 'bearer' })).status,
      ).toBe(200);
      expectProblem(
        await app
          .http()
          .get('/api/v1/approval-chains/7d0f5e8e-0000-4000-8000-000000000000')
          .auth(viewer, { type: 'bearer' }),
        404,
      );
    });
  });

  describe('workflows', () => {
    it('starts on the latest published version with deadlines in the owner agency zone', async () => {
      const chainKey = await publishedChain([
        {
          key: 'intake',
          name: name('Intake'),
          assignees: [{ agency: 'GSA' }],
          sla: { businessDays: 3, calendar: 'US' },
        },
        {
          key: 'quick',
          name: name('Quick'),
          assignees: [{ agency: 'SRE' }],
          sla: { duration: 'PT30S' },
        },
        {
          key: 'after',
          name: name('After'),
          assignees: [{ agency: 'CBP' }],
          dependsOn: ['intake', 'quick'],
        },
      ]);
      const project = await createProject(app, {}, coordinator.token);
      const response = await app
        .http()
        .post(`/api/v1/projects/${project.id}/workflows`)
        .auth(coordinator.token, { type: 'bearer' })
        .send({ chainKey });
      expect(response.status).toBe(201);
      const workflow = response.body as Workflow;
      expect(workflow).toEqual(
        expect.objectContaining({
          projectId: project.id,
          chainKey,
          chainVersion: 1,
          status: 'active',
          coordinatorId: coordinator.user.id,
          completedAt: null,
        }),
      );
      const intake = stepOf(workflow, 'intake');
      expect(intake).toEqual(
        expect.objectContaining({ status: 'active', round: 1, escalationLevel: 0 }),
      );
      // GSA sits in America/Phoenix (UTC-7 all year): 18:00 local is 01:00Z the next day.
      expect(intake.dueAt).toMatch(/T01:00:00\.000Z$/);
      const quick = stepOf(workflow, 'quick');
      expect(new Date(quick.dueAt!).getTime() - new Date(quick.activatedAt!).getTime()).toBe(
        30_000,
      );
      expect(stepOf(workflow, 'after')).toEqual(
        expect.objectContaining({ status: 'pending', round: 0, dueAt: null }),
      );
      expect(stepOf(workflow, 'after').assignees).toEqual([
        {
          agency: 'CBP',
          decision: null,
          decidedBy: null,
          decidedAt: null,
          comment: null,
          signatures: [],
          // A pending step is open: who can sign for it is shown before it activates.
          signers: 1,
          unstaffed: false,
        },
      ]);

      expect(
        (await app.http().get(`/api/v1/workflows/${workflow.id}`).auth(viewer, { type: 'bearer' }))
          .body,
      ).toEqual(workflow);
      const listed = await app
        .http()
        .get(`/api/v1/projects/${project.id}/workflows`)
        .auth(viewer, { type: 'bearer' });
      expect(listed.body).toEqual({ items: [workflow], total: 1, limit: 50, offset: 0 });

      const again = await app
        .http()
        .post(`/api/v1/projects/${project.id}/workflows`)
        .auth(coordinator.token, { type: 'bearer' })
        .send({ chainKey });
      expect(expectProblem(again, 409).code).toBe('WORKFLOW.ALREADY_RUNNING');
    });

    it('refuses an unknown chain, an unknown project, a bad coordinator and a viewer', async () => {
      const project = await createProject(app, {}, coordinator.token);
      const unknownChain = await app
        .http()
        .post(`/api/v1/projects/${project.id}/workflows`)
        .auth(coordinator.token, { type: 'bearer' })
        .send({ chainKey: 'no-such-chain' });
      expect(expectProblem(unknownChain, 400).errors?.[0].field).toBe('chainKey');
      expectProblem(
        await app
          .http()
          .post('/api/v1/projects/7d0f5e8e-0000-4000-8000-000000000000/workflows')
          .auth(coordinator.token, { type: 'bearer' })
          .send({ chainKey: 'x' }),
        404,
      );
      const chainKey = await publishedChain([
        { key: 'only', name: name('Only'), assignees: [{ agency: 'SRE' }] },
      ]);
      const badCoordinator = await app
        .http()
        .post(`/api/v1/projects/${project.id}/workflows`)
        .auth(admin, { type: 'bearer' })
        .send({ chainKey, coordinatorId: sre.user.id });
      expect(expectProblem(badCoordinator, 400).errors?.[0].field).toBe('coordinatorId');
      expectProblem(
        await app
          .http()
          .post(`/api/v1/projects/${project.id}/workflows`)
          .auth(viewer, { type: 'bearer' })
          .send({ chainKey }),
        403,
      );
      expectProblem(
        await app
          .http()
          .get('/api/v1/workflows/7d0f5e8e-0000-4000-8000-000000000000')
          .auth(viewer, { type: 'bearer' }),
        404,
      );
    });

    it('records a decision, activates dependants, completes, and refuses what the contract refuses', async () => {
      const workflow = await startWorkflow([
        { key: 'intake', name: name('Intake'), assignees: [{ agency: 'SRE' }] },
        {
          key: 'review',
          name: name('Review'),
          assignees: [{ agency: 'CBP' }, { agency: 'GSA' }],
          dependsOn: ['intake'],
        },
      ]);
      expectProblem(await decide(workflow.id, 'intake', cbp.token, { decision: 'approve' }), 403);
      expectProblem(await decide(workflow.id, 'review', cbp.token, { decision: 'approve' }), 409);
      const noComment = await decide(workflow.id, 'intake', sre.token, { decision: 'reject' });
      expect(expectProblem(noComment, 400).errors?.[0].field).toBe('comment');
      expectProblem(
        await decide(workflow.id, 'intake', sre.token, {
          decision: 'request_changes',
          comment: '  ',
        }),
        400,
      );
      expectProblem(await decide(workflow.id, 'nope', sre.token, { decision: 'approve' }), 404);
      expectProblem(await decide(workflow.id, 'intake', sre.token, { decision: 'maybe' }), 400);

      const first = await decide(workflow.id, 'intake', sre.token, {
        decision: 'approve',
        comment: 'Expediente completo',
      });
      expect(first.status).toBe(201);
      const afterIntake = first.body as Workflow;
      expect(stepOf(afterIntake, 'intake').status).toBe('approved');
      expect(stepOf(afterIntake, 'intake').assignees[0]).toEqual(
        expect.objectContaining({
          agency: 'SRE',
          decision: 'approve',
          decidedBy: sre.user.id,
          comment: 'Expediente completo',
        }),
      );
      expect(stepOf(afterIntake, 'review').status).toBe('active');
      expect(
        expectProblem(await decide(workflow.id, 'intake', sre.token, { decision: 'approve' }), 409)
          .code,
      ).toBe('WORKFLOW.STEP_NOT_ACTIVE');

      await decide(workflow.id, 'review', cbp.token, { decision: 'approve' }).expect(201);
      expect(
        expectProblem(await decide(workflow.id, 'review', cbp.token, { decision: 'approve' }), 409)
          .code,
      ).toBe('WORKFLOW.ALREADY_DECIDED');
      const done = (
        await decide(workflow.id, 'review', gsa.token, { decision: 'approve' }).expect(201)
      ).body as Workflow;
      expect(done.status).toBe('approved');
      expect(done.completedAt).toEqual(expect.any(String));
      expectProblem(await decide(workflow.id, 'review', gsa.token, { decision: 'approve' }), 409);
    });

    it('lets exactly one of ten simultaneous approvals for one agency through', async () => {
      const workflow = await startWorkflow([
        { key: 'review', name: name('Review'), assignees: [{ agency: 'CBP' }, { agency: 'SRE' }] },
      ]);
      const colleagues = [cbp];
      const cbpAgency = (
        await app.sql<{ agency_id: string }>('SELECT agency_id FROM users WHERE id = $1', [
          cbp.user.id,
        ])
      )[0].agency_id;
      for (let i = 0; i < 9; i++)
        colleagues.push(await createUser(app, { roles: ['approver'], agencyId: cbpAgency }));
      const answers = await Promise.all(
        colleagues.map((c) => decide(workflow.id, 'review', c.token, { decision: 'approve' })),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([201, ...Array(9).fill(409)]);
      const signatures = await app.sql(
        'SELECT d.id FROM step_decisions d JOIN workflow_steps s ON s.id = d.step_id WHERE s.workflow_id = $1',
        [workflow.id],
      );
      expect(signatures).toHaveLength(1);
      const recorded = await app.sql(
        "SELECT seq FROM workflow_events WHERE workflow_id = $1 AND type = 'decision_recorded'",
        [workflow.id],
      );
      expect(recorded).toHaveLength(1);
    });

    it('counts both signatures when both waited for the workflow lock (the second reads what the first wrote)', async () => {
      const workflow = await startWorkflow([
        { key: 'both', name: name('Both'), assignees: [{ agency: 'CBP' }, { agency: 'SRE' }] },
        { key: 'next', name: name('Next'), assignees: [{ agency: 'GSA' }], dependsOn: ['both'] },
      ]);
      // Both decisions start while someone else holds the workflow's lock: each reads the
      // workflow as of its statement's start, and the one that gets the lock second must read
      // again what the first committed meanwhile.
      const holder = new Client({ connectionString: app.databaseUrl });
      await holder.connect();
      try {
        await holder.query('BEGIN');
        await holder.query('SELECT id FROM workflows WHERE id = $1 FOR UPDATE', [workflow.id]);
        const pending = Promise.all([
          decide(workflow.id, 'both', cbp.token, { decision: 'approve' }),
          decide(workflow.id, 'both', sre.token, { decision: 'approve' }),
        ]);
        for (let waited = 0; waited < 50; waited++) {
          const [{ n }] = (
            await holder.query(
              `SELECT count(*)::int AS n FROM pg_stat_activity
                WHERE wait_event_type = 'Lock' AND query LIKE '%FOR UPDATE%'`,
            )
          ).rows as { n: number }[];
          if (n >= 2) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await holder.query('COMMIT');
        const answers = await pending;
        expect(answers.map((a) => a.status)).toEqual([201, 201]);
      } finally {
        await holder.end();
      }
      const after = (
        await app.http().get(`/api/v1/workflows/${workflow.id}`).auth(viewer, { type: 'bearer' })
      ).body as Workflow;
      expect(stepOf(after, 'both').status).toBe('approved');
      expect(stepOf(after, 'next').status).toBe('active');
      const verify = await app
        .http()
        .get(`/api/v1/workflows/${workflow.id}/events/verify`)
        .auth(viewer, { type: 'bearer' })
        .expect(200);
      expect(verify.body).toMatchObject({ valid: true, replay: 'matches' });
    });

    it('counts both signatures when two assignees sign at the same moment', async () => {
      for (let attempt = 0; attempt < 5; attempt++) {
        const workflow = await startWorkflow([
          { key: 'both', name: name('Both'), assignees: [{ agency: 'CBP' }, { agency: 'SRE' }] },
          { key: 'next', name: name('Next'), assignees: [{ agency: 'GSA' }], dependsOn: ['both'] },
        ]);
        const answers = await Promise.all([
          decide(workflow.id, 'both', cbp.token, { decision: 'approve' }),
          decide(workflow.id, 'both', sre.token, { decision: 'approve' }),
        ]);
        expect(answers.map((a) => a.status)).toEqual([201, 201]);
        const after = (
          await app.http().get(`/api/v1/workflows/${workflow.id}`).auth(viewer, { type: 'bearer' })
        ).body as Workflow;
        expect(stepOf(after, 'both').status).toBe('approved');
        expect(stepOf(after, 'next').status).toBe('active');
      }
    });

    it('replays a decision sent again with the same Idempotency-Key', async () => {
      const workflow = await startWorkflow([
        { key: 'review', name: name('Review'), assignees: [{ agency: 'CBP' }, { agency: 'SRE' }] },
      ]);
      const send = () =>
        decide(workflow.id, 'review', cbp.token, { decision: 'approve' }).set(
          'Idempotency-Key',
          `decide-${workflow.id}`,
        );
      const [a, b] = await Promise.all([send(), send()]);
      const c = await send();
      expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
      expect(b.body).toEqual(a.body);
      expect(c.body).toEqual(a.body);
      const recorded = await app.sql(
        "SELECT seq FROM workflow_events WHERE workflow_id = $1 AND type = 'decision_recorded'",
        [workflow.id],
      );
      expect(recorded).toHaveLength(1);
      const other = await decide(workflow.id, 'review', cbp.token, {
        decision: 'reject',
        comment: 'no',
      }).set('Idempotency-Key', `decide-${workflow.id}`);
      expectProblem(other, 422);
    });

    it('handles request changes and resubmission in a new round', async () => {
      const workflow = await startWorkflow([
        {
          key: 'file',
          name: name('File'),
          assignees: [{ agency: 'SRE' }, { agency: 'CBP' }],
          sla: { duration: 'PT1H' },
        },
      ]);
      await decide(workflow.id, 'file', cbp.token, { decision: 'approve' }).expect(201);
      const asked = (
        await decide(workflow.id, 'file', sre.token, {
          decision: 'request_changes',
          comment: 'Falta el plano',
        }).expect(201)
      ).body as Workflow;
      expect(stepOf(asked, 'file').status).toBe('changes_requested');
      expect(asked.status).toBe('active');
      expectProblem(await decide(workflow.id, 'file', sre.token, { decision: 'approve' }), 409);

      const resubmit = (token: string) =>
        app
          .http()
          .post(`/api/v1/workflows/${workflow.id}/steps/file/resubmit`)
          .auth(token, { type: 'bearer' })
          .send({ comment: 'Plano agregado' });
      expectProblem(await resubmit(sre.token), 403);
      const again = await resubmit(coordinator.token);
      expect(again.status).toBe(200);
      const step = stepOf(again.body as Workflow, 'file');
      expect(step).toEqual(expect.objectContaining({ status: 'active', round: 2 }));
      expect(step.assignees.every((a) => a.decision === null)).toBe(true);
      expect(step.dueAt).not.toBe(stepOf(workflow, 'file').dueAt);
      expectProblem(await resubmit(coordinator.token), 409);
      await decide(workflow.id, 'file', cbp.token, { decision: 'approve' }).expect(201);
    });

    it('sends the workflow back with returnTo: the target and its dependants run again', async () => {
      const workflow = await startWorkflow([
        { key: 'technical-file', name: name('Technical file'), assignees: [{ agency: 'SRE' }] },
        { key: 'us-views', name: name('US views'), assignees: [{ agency: 'GSA' }] },
        {
          key: 'environment',
          name: name('Environment'),
          assignees: [{ agency: 'CBP' }],
          dependsOn: ['technical-file', 'us-views'],
          onReject: { returnTo: 'technical-file' },
        },
      ]);
      await decide(workflow.id, 'technical-file', sre.token, { decision: 'approve' }).expect(201);
      await decide(workflow.id, 'us-views', gsa.token, { decision: 'approve' }).expect(201);
      const back = (
        await decide(workflow.id, 'environment', cbp.token, {
          decision: 'reject',
          comment: 'MIA incompleta',
        }).expect(201)
      ).body as Workflow;
      expect(back.status).toBe('active');
      expect(stepOf(back, 'technical-file')).toEqual(
        expect.objectContaining({ status: 'active', round: 2 }),
      );
      expect(stepOf(back, 'us-views')).toEqual(
        expect.objectContaining({ status: 'approved', round: 1 }),
      );
      expect(stepOf(back, 'environment').status).toBe('pending');
      await decide(workflow.id, 'technical-file', sre.token, { decision: 'approve' }).expect(201);
      const rerun = (
        await decide(workflow.id, 'environment', cbp.token, { decision: 'approve' }).expect(201)
      ).body as Workflow;
      expect(stepOf(rerun, 'environment').round).toBe(2);
      expect(rerun.status).toBe('approved');
    });

    it('ends the workflow on a rejection with onReject end, cancelling open steps', async () => {
      const workflow = await startWorkflow([
        { key: 'a', name: name('A'), assignees: [{ agency: 'SRE' }] },
        { key: 'b', name: name('B'), assignees: [{ agency: 'CBP' }] },
        { key: 'c', name: name('C'), assignees: [{ agency: 'GSA' }], dependsOn: ['a'] },
      ]);
      const ended = (
        await decide(workflow.id, 'a', sre.token, {
          decision: 'reject',
          comment: 'No procede',
        }).expect(201)
      ).body as Workflow;
      expect(ended.status).toBe('rejected');
      expect(ended.steps.map((s) => s.status)).toEqual(['rejected', 'cancelled', 'cancelled']);
    });

    it('applies quorum and any rules', async () => {
      const quorum = await startWorkflow([
        {
          key: 'vote',
          name: name('Vote'),
          assignees: [{ agency: 'SRE' }, { agency: 'CBP' }, { agency: 'GSA' }],
          rule: { quorum: 2 },
        },
      ]);
      await decide(quorum.id, 'vote', sre.token, { decision: 'reject', comment: 'No' }).expect(201);
      const one = (await decide(quorum.id, 'vote', cbp.token, { decision: 'approve' }).expect(201))
        .body as Workflow;
      expect(stepOf(one, 'vote').status).toBe('active');
      const two = (await decide(quorum.id, 'vote', gsa.token, { decision: 'approve' }).expect(201))
        .body as Workflow;
      expect(stepOf(two, 'vote').status).toBe('approved');

      const any = await startWorkflow([
        {
          key: 'first',
          name: name('First'),
          assignees: [{ agency: 'SRE' }, { agency: 'CBP' }],
          rule: 'any',
        },
      ]);
      const approved = (
        await decide(any.id, 'first', cbp.token, { decision: 'approve' }).expect(201)
      ).body as Workflow;
      expect(stepOf(approved, 'first').status).toBe('approved');
      expectProblem(await decide(any.id, 'first', sre.token, { decision: 'approve' }), 409);
    });

    it('needs both co-chairs of an assignee technical group', async () => {
      const workflow = await startWorkflow([
        {
          key: 'priority',
          name: name('Priority'),
          assignees: [{ technicalGroup: group.code }],
          sla: { businessDays: 15, calendar: 'binational' },
        },
      ]);
      // The group's zone is its MX co-chair's agency: America/Hermosillo, UTC-7 all year.
      expect(stepOf(workflow, 'priority').dueAt).toMatch(/T01:00:00\.000Z$/);
      expectProblem(await decide(workflow.id, 'priority', sre.token, { decision: 'approve' }), 403);
      const half = (
        await decide(workflow.id, 'priority', chairs.mx, { decision: 'approve' }).expect(201)
      ).body as Workflow;
      expect(stepOf(half, 'priority').status).toBe('active');
      expect(stepOf(half, 'priority').assignees[0]).toEqual(
        expect.objectContaining({
          technicalGroup: group.code,
          decision: null,
          signatures: [expect.objectContaining({ seat: 'mx', decision: 'approve' })],
        }),
      );
      expectProblem(await decide(workflow.id, 'priority', chairs.mx, { decision: 'approve' }), 409);
      const both = (
        await decide(workflow.id, 'priority', chairs.us, {
          decision: 'approve',
          onBehalfOf: group.code,
        }).expect(201)
      ).body as Workflow;
      expect(stepOf(both, 'priority').status).toBe('approved');
      expect(stepOf(both, 'priority').assignees[0].decision).toBe('approve');
      expect(both.status).toBe('approved');
    });

    it('picks the assignee with onBehalfOf and refuses one the caller cannot sign for', async () => {
      const workflow = await startWorkflow([
        {
          key: 'x',
          name: name('X'),
          assignees: [{ agency: 'ADOT' }, { technicalGroup: group.code }],
        },
      ]);
      expectProblem(
        await decide(workflow.id, 'x', chairs.us, { decision: 'approve', onBehalfOf: 'CBP' }),
        403,
      );
      const asGroup = (
        await decide(workflow.id, 'x', chairs.us, {
          decision: 'approve',
          onBehalfOf: group.code,
        }).expect(201)
      ).body as Workflow;
      const [adot, grp] = stepOf(asGroup, 'x').assignees;
      expect(adot.signatures).toHaveLength(0);
      expect(grp.signatures).toHaveLength(1);
      const asAgency = (
        await decide(workflow.id, 'x', chairs.us, { decision: 'approve' }).expect(201)
      ).body as Workflow;
      expect(stepOf(asAgency, 'x').assignees[0].decision).toBe('approve');
    });

    it('skips a step whose condition does not match the project', async () => {
      const steps = [
        { key: 'start', name: name('Start'), assignees: [{ agency: 'SRE' }] },
        {
          key: 'rail-safety',
          name: name('Rail'),
          assignees: [{ agency: 'CBP' }],
          dependsOn: ['start'],
          condition: { attribute: 'involvesRail', equals: true },
        },
        {
          key: 'sign-off',
          name: name('Sign-off'),
          assignees: [{ agency: 'GSA' }],
          dependsOn: ['rail-safety'],
        },
      ];
      const road = await startWorkflow(steps, { involvesRail: false });
      const next = (await decide(road.id, 'start', sre.token, { decision: 'approve' }).expect(201))
        .body as Workflow;
      expect(stepOf(next, 'rail-safety').status).toBe('skipped');
      expect(stepOf(next, 'sign-off').status).toBe('active');
      const rail = await startWorkflow(steps, { involvesRail: true });
      const railNext = (
        await decide(rail.id, 'start', sre.token, { decision: 'approve' }).expect(201)
      ).body as Workflow;
      expect(stepOf(railNext, 'rail-safety').status).toBe('active');
    });

    it('is cancelled by its coordinator or an admin only', async () => {
      const workflow = await startWorkflow([
        { key: 'a', name: name('A'), assignees: [{ agency: 'SRE' }] },
        { key: 'b', name: name('B'), assignees: [{ agency: 'CBP' }], dependsOn: ['a'] },
      ]);
      expectProblem(
        await app
          .http()
          .post(`/api/v1/workflows/${workflow.id}/cancel`)
          .auth(sre.token, { type: 'bearer' })
          .send({ comment: 'x' }),
        403,
      );
      // A cancellation says why: without a comment (or with a blank one) it is refused.
      for (const body of [{}, { comment: '   ' }]) {
        const refused = await app
          .http()
          .post(`/api/v1/workflows/${workflow.id}/cancel`)
          .auth(coordinator.token, { type: 'bearer' })
          .send(body);
        expectProblem(refused, 400);
        expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'comment' })]);
      }
      const cancelled = await app
        .http()
        .post(`/api/v1/workflows/${workflow.id}/cancel`)
        .auth(coordinator.token, { type: 'bearer' })
        .send({ comment: 'Proyecto suspendido' });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.status).toBe('cancelled');
      expect((cancelled.body as Workflow).steps.map((s) => s.status)).toEqual([
        'cancelled',
        'cancelled',
      ]);
      expectProblem(
        await app
          .http()
          .post(`/api/v1/workflows/${workflow.id}/cancel`)
          .auth(admin, { type: 'bearer' })
          .send({ comment: 'Again' }),
        409,
      );
    });
  });

  describe('tasks', () => {
    it("lists the caller's open signatures, oldest deadline first, and drops decided ones", async () => {
      const late = await startWorkflow([
        {
          key: 'late',
          name: name('Late'),
          assignees: [{ agency: 'CBP' }],
          sla: { duration: 'P10D' },
        },
      ]);
      const soon = await startWorkflow([
        {
          key: 'soon',
          name: name('Soon'),
          assignees: [{ agency: 'CBP' }, { agency: 'SRE' }],
          sla: { duration: 'PT1H' },
        },
      ]);
      const inbox = await app
        .http()
        .get('/api/v1/tasks?limit=200')
        .auth(cbp.token, { type: 'bearer' });
      expect(inbox.status).toBe(200);
      const mine = (
        inbox.body.items as { workflowId: string; stepKey: string; dueAt: string }[]
      ).filter((t) => [late.id, soon.id].includes(t.workflowId));
      expect(mine.map((t) => t.stepKey)).toEqual(['soon', 'late']);
      expect(inbox.body.items[0]).toEqual(
        expect.objectContaining({
          projectId: expect.any(String),
          projectCode: expect.any(String),
          stepName: name('Soon'),
          assignee: 'CBP',
          seat: 'agency',
          escalationLevel: 0,
        }),
      );
      const dues = (inbox.body.items as { dueAt: string | null }[]).map((t) => t.dueAt ?? '9999');
      expect([...dues].sort()).toEqual(dues);

      await decide(soon.id, 'soon', cbp.token, { decision: 'approve' }).expect(201);
      const after = await app
        .http()
        .get('/api/v1/tasks?limit=200')
        .auth(cbp.token, { type: 'bearer' });
      expect(
        (after.body.items as { workflowId: string }[]).some((t) => t.workflowId === soon.id),
      ).toBe(false);
      const sreInbox = await app
        .http()
        .get('/api/v1/tasks?limit=200')
        .auth(sre.token, { type: 'bearer' });
      expect(
        (sreInbox.body.items as { workflowId: string }[]).some((t) => t.workflowId === soon.id),
      ).toBe(true);

      const none = await app.http().get('/api/v1/tasks').auth(viewer, { type: 'bearer' });
      expect(none.body).toEqual({ items: [], total: 0, limit: 50, offset: 0 });
      const page = await app
        .http()
        .get('/api/v1/tasks?limit=1&offset=1')
        .auth(cbp.token, { type: 'bearer' });
      expect(page.body.items).toHaveLength(1);
      expect(page.body.total).toBe(after.body.total);
    });

    it('lists a co-chair the group steps waiting on their seat', async () => {
      const workflow = await startWorkflow([
        { key: 'priority', name: name('Priority'), assignees: [{ technicalGroup: group.code }] },
      ]);
      const inbox = await app
        .http()
        .get('/api/v1/tasks?limit=200')
        .auth(chairs.mx, { type: 'bearer' });
      expect(inbox.body.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ workflowId: workflow.id, assignee: group.code, seat: 'mx' }),
        ]),
      );
      await decide(workflow.id, 'priority', chairs.mx, { decision: 'approve' }).expect(201);
      const after = await app
        .http()
        .get('/api/v1/tasks?limit=200')
        .auth(chairs.mx, { type: 'bearer' });
      expect(
        (after.body.items as { workflowId: string }[]).some((t) => t.workflowId === workflow.id),
      ).toBe(false);
      const us = await app
        .http()
        .get('/api/v1/tasks?limit=200')
        .auth(chairs.us, { type: 'bearer' });
      expect(
        (us.body.items as { workflowId: string }[]).some((t) => t.workflowId === workflow.id),
      ).toBe(true);
    });

    it('shows one task per step, naming every assignee the caller may sign for', async () => {
      const workflow = await startWorkflow([
        {
          key: 'both',
          name: name('Both'),
          assignees: [{ agency: 'ADOT' }, { technicalGroup: group.code }],
        },
      ]);
      const inbox = await app
        .http()
        .get('/api/v1/tasks?limit=200')
        .auth(chairs.us, { type: 'bearer' });
      const tasks = (inbox.body.items as { workflowId: string }[]).filter(
        (t) => t.workflowId === workflow.id,
      );
      expect(tasks).toEqual([
        expect.objectContaining({
          assignee: 'ADOT',
          seat: 'agency',
          signsFor: [
            { assignee: 'ADOT', seat: 'agency' },
            { assignee: group.code, seat: 'us' },
          ],
        }),
      ]);
      await decide(workflow.id, 'both', chairs.us, { decision: 'approve' }).expect(201);
      const after = await app
        .http()
        .get('/api/v1/tasks?limit=200')
        .auth(chairs.us, { type: 'bearer' });
      const remaining = (after.body.items as { workflowId: string; signsFor: unknown[] }[]).find(
        (t) => t.workflowId === workflow.id,
      );
      expect(remaining?.signsFor).toEqual([{ assignee: group.code, seat: 'us' }]);
    });
  });

  describe('history', () => {
    it('keeps every event with a verifiable hash chain, and notices a tampered row', async () => {
      const workflow = await startWorkflow([
        { key: 'a', name: name('A'), assignees: [{ agency: 'SRE' }] },
        { key: 'b', name: name('B'), assignees: [{ agency: 'CBP' }], dependsOn: ['a'] },
      ]);
      await decide(workflow.id, 'a', sre.token, { decision: 'approve', comment: 'ok' }).expect(201);
      await decide(workflow.id, 'b', cbp.token, { decision: 'approve' }).expect(201);
      const events = await app
        .http()
        .get(`/api/v1/workflows/${workflow.id}/events?limit=200`)
        .auth(viewer, { type: 'bearer' });
      expect(events.status).toBe(200);
      const types = (events.body.items as { type: string }[]).map((e) => e.type);
      expect(types).toEqual([
        'workflow_started',
        'step_activated',
        'decision_recorded',
        'step_approved',
        'step_activated',
        'decision_recorded',
        'step_approved',
        'workflow_approved',
      ]);
      expect(events.body.items[2]).toEqual({
        seq: 3,
        at: expect.any(String),
        type: 'decision_recorded',
        actorId: sre.user.id,
        actor: { id: sre.user.id, name: expect.any(String), agencyCode: 'SRE' },
        data: expect.objectContaining({
          stepKey: 'a',
          round: 1,
          assignee: 'agency:SRE',
          decision: 'approve',
          comment: 'ok',
        }),
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      // The actor is the users table as it stands, not the hashed event: a new name shows on
      // every page of the history at once, and the chain (below) still verifies.
      await app
        .http()
        .patch('/api/v1/me')
        .auth(sre.token, { type: 'bearer' })
        .send({ name: 'Ana Ruiz' })
        .expect(200);
      const renamed = await app
        .http()
        .get(`/api/v1/workflows/${workflow.id}/events?limit=200`)
        .auth(viewer, { type: 'bearer' })
        .expect(200);
      type Actor = { id: string; name: string; agencyCode: string | null } | null;
      const actors = (renamed.body.items as { type: string; actor: Actor }[]).map((e) => [
        e.type,
        e.actor,
      ]);
      expect(actors[2]).toEqual([
        'decision_recorded',
        { id: sre.user.id, name: 'Ana Ruiz', agencyCode: 'SRE' },
      ]);
      // The coordinator started it; they belong to no agency.
      expect(actors[0]).toEqual([
        'workflow_started',
        { id: coordinator.user.id, name: 'Test User', agencyCode: null },
      ]);
      expect((renamed.body.items as { hash: string }[]).map((e) => e.hash)).toEqual(
        (events.body.items as { hash: string }[]).map((e) => e.hash),
      );
      const verify = () =>
        app
          .http()
          .get(`/api/v1/workflows/${workflow.id}/events/verify`)
          .auth(viewer, { type: 'bearer' });
      expect((await verify()).body).toEqual({
        valid: true,
        checked: 8,
        firstBrokenSeq: null,
        signature: 'valid',
        replay: 'matches',
      });

      await app.sql(
        `UPDATE workflow_events SET data = jsonb_set(data, '{comment}', '"rewritten"') WHERE workflow_id = $1 AND seq = 3`,
        [workflow.id],
      );
      // The head and its signature are untouched: the chain itself shows where it broke.
      expect((await verify()).body).toEqual({
        valid: false,
        checked: 3,
        firstBrokenSeq: 3,
        signature: 'valid',
        // Replayed as far as the chain holds, the history is not the stored state.
        replay: 'differs',
      });
      await app.sql(
        `UPDATE workflow_events SET data = jsonb_set(data, '{comment}', '"ok"') WHERE workflow_id = $1 AND seq = 3`,
        [workflow.id],
      );
      expect((await verify()).body.valid).toBe(true);

      await app.sql('DELETE FROM workflow_events WHERE workflow_id = $1 AND seq = 8', [
        workflow.id,
      ]);
      expect((await verify()).body).toEqual({
        valid: false,
        checked: 7,
        firstBrokenSeq: 8,
        signature: 'valid',
        replay: 'differs',
      });
      expectProblem(
        await app
          .http()
          .get('/api/v1/workflows/7d0f5e8e-0000-4000-8000-000000000000/events')
          .auth(viewer, { type: 'bearer' }),
        404,
      );
    });
  });

  it('turns the effects into timers and notifications in the same transaction', async () => {
    const workflow = await startWorkflow([
      {
        key: 'a',
        name: name('A'),
        assignees: [{ agency: 'SRE' }],
        sla: { duration: 'P1D' },
        reminders: [{ before: 'PT1H' }],
        escalations: [{ after: 'PT0S', notify: ['coordinator'] }],
      },
    ]);
    const timers = await app.sql<{ kind: string; status: string }>(
      'SELECT kind, status FROM deadline_timers WHERE workflow_id = $1 ORDER BY kind',
      [workflow.id],
    );
    expect(timers).toEqual([
      { kind: 'escalation', status: 'pending' },
      { kind: 'reminder', status: 'pending' },
    ]);
    const assigned = await app.sql<{ user_id: string }>(
      `SELECT user_id FROM notifications WHERE workflow_id = $1 AND type = 'step_assigned'`,
      [workflow.id],
    );
    expect(assigned.map((n) => n.user_id)).toContain(sre.user.id);
    await decide(workflow.id, 'a', sre.token, { decision: 'approve' }).expect(201);
    const after = await app.sql<{ status: string }>(
      'SELECT status FROM deadline_timers WHERE workflow_id = $1',
      [workflow.id],
    );
    expect(after.map((t) => t.status)).toEqual(['cancelled', 'cancelled']);
  });
});
