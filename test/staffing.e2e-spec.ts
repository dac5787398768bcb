import {
  createAgency,
  createCoChairs,
  createProject,
  createTechnicalGroup,
  createUser,
  expectProblem,
} from './support/fixtures';
import { header, type ReceivedMail, startSmtpServer } from './support/smtp';
import { ADMIN, createTestApp, type TestApp } from './support/test-app';

type Assignee = {
  agency?: string;
  technicalGroup?: string;
  projectGroup?: boolean;
  signers?: number;
  unstaffed?: boolean;
  decision: string | null;
};
type Workflow = {
  id: string;
  status: string;
  steps: { key: string; status: string; assignees: Assignee[] }[];
};

let serial = 0;
const key = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${serial++}`;
const name = (en: string) => ({ en, es: `${en} (es)` });

/**
 * Issue 10, parts 1, 5 and 6 (staffing, the project's own group, notices that say what
 * happened), end to end on real PostgreSQL, Redis and SMTP.
 */
describe('Nobody who can sign: staffing, the project group, and what notices say', () => {
  let app: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let admin: string;
  let coordinator: Awaited<ReturnType<typeof createUser>>;
  let sre: Awaited<ReturnType<typeof createUser>>;
  let sreAgency: { id: string; code: string };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    app = await createTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://puentes.example.gov' });
    admin = await app.adminToken();
    sreAgency = await createAgency(app, { code: 'SRE', country: 'MX' });
    coordinator = await createUser(app, { roles: ['coordinator'], locale: 'es' });
    sre = await createUser(app, { roles: ['approver'], agencyId: sreAgency.id });
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  async function createChain(steps: Record<string, unknown>[]) {
    const created = await app
      .http()
      .post('/api/v1/approval-chains')
      .auth(admin, { type: 'bearer' })
      .send({ key: key('chain'), name: name('Chain'), steps });
    if (created.status !== 201) throw new Error(`chain ${created.status} ${created.text}`);
    return created.body as { id: string; key: string };
  }

  const publish = (id: string) =>
    app.http().post(`/api/v1/approval-chains/${id}/publish`).auth(admin, { type: 'bearer' });

  async function start(chainKey: string, projectBody: Record<string, unknown> = {}) {
    const project = await createProject(app, projectBody, coordinator.token);
    const response = await app
      .http()
      .post(`/api/v1/projects/${project.id}/workflows`)
      .auth(coordinator.token, { type: 'bearer' })
      .send({ chainKey });
    return { project, response };
  }

  const decide = (workflowId: string, stepKey: string, token: string, body: object) =>
    app
      .http()
      .post(`/api/v1/workflows/${workflowId}/steps/${stepKey}/decisions`)
      .auth(token, { type: 'bearer' })
      .send(body);

  const notificationsOf = async (token: string) =>
    (await app.http().get('/api/v1/notifications').auth(token, { type: 'bearer' }).expect(200)).body
      .items as { type: string; subject: string; body: string; workflowId?: string }[];

  const mailsTo = (mails: ReceivedMail[], email: string, type: string, workflowId: string) =>
    mails.filter(
      (m) =>
        m.to === email &&
        header(m.mail, 'X-Puentes-Notification-Type') === type &&
        header(m.mail, 'X-Puentes-Workflow-Id') === workflowId,
    );

  describe('an agency with no approver', () => {
    let ghost: { id: string; code: string };
    let chain: { id: string; key: string };
    let workflow: Workflow;
    let otherAdmin: Awaited<ReturnType<typeof createUser>>;

    beforeAll(async () => {
      ghost = await createAgency(app, {
        code: key('GH').toUpperCase().slice(0, 20),
        country: 'US',
      });
      otherAdmin = await createUser(app, { roles: ['admin'], locale: 'en' });
      chain = await createChain([
        { key: 'intake', name: name('Intake'), assignees: [{ agency: 'SRE' }] },
        {
          key: 'views',
          name: name('Views'),
          assignees: [{ agency: 'SRE' }, { agency: ghost.code }],
          dependsOn: ['intake'],
        },
      ]);
    });

    it('publishes with a warning naming the step and the assignee, in both languages', async () => {
      const response = await publish(chain.id).expect(200);
      expect(response.body.status).toBe('published');
      expect(response.body.warnings).toEqual([
        {
          stepKey: 'views',
          assignee: { agency: ghost.code },
          code: 'ASSIGNEE_UNSTAFFED',
          message: {
            en: expect.stringContaining(`Nobody can sign for ${ghost.code} on the step “Views”`),
            es: expect.stringContaining(
              `nadie puede firmar por ${ghost.code} en la etapa «Views (es)»`,
            ),
          },
        },
      ]);
    });

    it('activates the step with step_unstaffed to the coordinator and every admin, and shows it', async () => {
      const started = await start(chain.key);
      expect(started.response.status).toBe(201);
      workflow = started.response.body as Workflow;
      // A staffed step names no one: only the first step is active, and SRE has an approver.
      expect(workflow.steps[0].assignees).toEqual([
        expect.objectContaining({ agency: 'SRE', signers: 1, unstaffed: false }),
      ]);
      // Pending steps show their staffing too, so the gap is visible before it bites.
      expect(workflow.steps[1].assignees).toEqual([
        expect.objectContaining({ agency: 'SRE', signers: 1, unstaffed: false }),
        expect.objectContaining({ agency: ghost.code, signers: 0, unstaffed: true }),
      ]);
      expect(await notificationsOf(coordinator.token)).not.toContainEqual(
        expect.objectContaining({ type: 'step_unstaffed', workflowId: workflow.id }),
      );

      const approved = await decide(workflow.id, 'intake', sre.token, { decision: 'approve' });
      expect(approved.status).toBe(201);
      expect((approved.body as Workflow).steps[1].status).toBe('active');

      const mails = await smtp.waitFor(
        (all) =>
          mailsTo(all, coordinator.user.email, 'step_unstaffed', workflow.id).length === 1 &&
          mailsTo(all, ADMIN.email, 'step_unstaffed', workflow.id).length === 1 &&
          mailsTo(all, otherAdmin.user.email, 'step_unstaffed', workflow.id).length === 1,
      );
      const toCoordinator = mailsTo(
        mails,
        coordinator.user.email,
        'step_unstaffed',
        workflow.id,
      )[0];
      expect(header(toCoordinator.mail, 'X-Puentes-Step-Key')).toBe('views');
      // The coordinator reads Spanish, the other admin English.
      expect(toCoordinator.mail.subject).toContain(`Sin quien firme: Views (es) (${ghost.code})`);
      expect(toCoordinator.mail.text).toContain(`nadie puede firmar por ${ghost.code}`);
      const toAdmin = mailsTo(mails, otherAdmin.user.email, 'step_unstaffed', workflow.id)[0];
      expect(toAdmin.mail.subject).toContain(`Nobody can sign: Views (${ghost.code})`);
      expect(toAdmin.mail.text).toContain(`Nobody can sign for: ${ghost.code}`);
      // SRE is staffed: it is not named.
      expect(toAdmin.mail.text).not.toMatch(/Nobody can sign for: .*SRE/);
      expect(await notificationsOf(coordinator.token)).toContainEqual(
        expect.objectContaining({ type: 'step_unstaffed', workflowId: workflow.id }),
      );
      // Nobody else: the approvers of the step get their assignment, not this.
      expect(
        mails.filter(
          (m) =>
            m.to === sre.user.email &&
            header(m.mail, 'X-Puentes-Notification-Type') === 'step_unstaffed',
        ),
      ).toEqual([]);
    });

    it('tells an approver added afterwards, and puts the step in their inbox', async () => {
      const late = await createUser(app, { roles: ['approver'], agencyId: ghost.id, locale: 'en' });
      const mails = await smtp.waitFor(
        (all) => mailsTo(all, late.user.email, 'step_assigned', workflow.id).length === 1,
      );
      const mail = mailsTo(mails, late.user.email, 'step_assigned', workflow.id)[0];
      expect(header(mail.mail, 'X-Puentes-Step-Key')).toBe('views');
      expect(mail.mail.subject).toContain('Action needed: Views');
      const tasks = await app.http().get('/api/v1/tasks').auth(late.token, { type: 'bearer' });
      expect(tasks.body.items).toEqual([
        expect.objectContaining({
          workflowId: workflow.id,
          stepKey: 'views',
          assignee: ghost.code,
        }),
      ]);
      const view = await app
        .http()
        .get(`/api/v1/workflows/${workflow.id}`)
        .auth(late.token, { type: 'bearer' })
        .expect(200);
      expect((view.body as Workflow).steps[1].assignees[1]).toEqual(
        expect.objectContaining({ agency: ghost.code, signers: 1, unstaffed: false }),
      );
    });

    it('tells an approver reactivated in the agency of a step that started without them, once', async () => {
      const away = await createAgency(app, { country: 'MX' });
      const back = await createUser(app, { roles: ['approver'], agencyId: away.id });
      const patch = (active: boolean) =>
        app
          .http()
          .patch(`/api/v1/users/${back.user.id}`)
          .auth(admin, { type: 'bearer' })
          .send({ active })
          .expect(200);
      await patch(false);
      const awayChain = await createChain([
        { key: 'only', name: name('Only'), assignees: [{ agency: away.code }] },
      ]);
      expect((await publish(awayChain.id).expect(200)).body.warnings).toEqual([
        expect.objectContaining({ stepKey: 'only', assignee: { agency: away.code } }),
      ]);
      const { response } = await start(awayChain.key);
      const waiting = response.body as Workflow;
      expect(waiting.steps[0].assignees[0]).toEqual(
        expect.objectContaining({ signers: 0, unstaffed: true }),
      );
      await smtp.waitFor(
        (all) => mailsTo(all, coordinator.user.email, 'step_unstaffed', waiting.id).length === 1,
      );
      await patch(true);
      await smtp.waitFor(
        (all) => mailsTo(all, back.user.email, 'step_assigned', waiting.id).length === 1,
      );
      // Deactivated and reactivated again: the same round is not announced twice.
      await patch(false);
      await patch(true);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(mailsTo(smtp.received, back.user.email, 'step_assigned', waiting.id)).toHaveLength(1);
      const token = await app.login(back.user.email, back.password);
      const tasks = await app.http().get('/api/v1/tasks').auth(token, { type: 'bearer' });
      expect(tasks.body.items).toEqual([
        expect.objectContaining({ workflowId: waiting.id, stepKey: 'only' }),
      ]);
    });

    it('answers a decision by someone who cannot sign with 403 naming the assignees still pending', async () => {
      const outsider = await createUser(app, {
        roles: ['approver'],
        agencyId: (await createAgency(app, { country: 'MX' })).id,
      });
      const refused = await decide(workflow.id, 'views', outsider.token, { decision: 'approve' });
      const problem = expectProblem(refused, 403);
      expect(problem.code).toBe('WORKFLOW.NOT_A_SIGNER');
      expect(refused.body.pendingAssignees).toEqual(['SRE', ghost.code]);
      expect(problem.detail).toContain(`Still pending on it: SRE, ${ghost.code}.`);
      // Once SRE has signed, only the other is pending.
      await decide(workflow.id, 'views', sre.token, { decision: 'approve' }).expect(201);
      const again = await decide(workflow.id, 'views', outsider.token, { decision: 'approve' });
      expectProblem(again, 403);
      expect(again.body.pendingAssignees).toEqual([ghost.code]);
      // Nothing was written by the refusals.
      const events = await app
        .http()
        .get(`/api/v1/workflows/${workflow.id}/events`)
        .auth(admin, { type: 'bearer' });
      expect(
        (events.body.items as { type: string; actorId: string }[]).filter(
          (e) => e.actorId === outsider.user.id,
        ),
      ).toEqual([]);
    });
  });

  describe("the project's own technical group", () => {
    type Group = Awaited<ReturnType<typeof createCoChairs>> & { code: string; id: string };
    let bcCa: Group;
    let sonAz: Group;
    let chain: { id: string; key: string };

    beforeAll(async () => {
      const groupOf = async (code: string) => {
        const chairs = await createCoChairs(app);
        const group = await createTechnicalGroup(app, {
          code,
          coChairs: { mx: chairs.mx.id, us: chairs.us.id },
        });
        return { ...chairs, code, id: group.id };
      };
      bcCa = await groupOf(key('BC').toUpperCase().slice(0, 24));
      sonAz = await groupOf(key('SA').toUpperCase().slice(0, 24));
      chain = await createChain([
        {
          key: 'regional-priority',
          name: name('Regional priority'),
          assignees: [{ projectGroup: true }],
          onReject: 'end',
        },
        {
          key: 'intake',
          name: name('Intake'),
          assignees: [{ agency: 'SRE' }],
          dependsOn: ['regional-priority'],
          onReject: { returnTo: 'regional-priority' },
        },
      ]);
      const published = await publish(chain.id).expect(200);
      // Who the project group is is known only when a workflow starts: no warning for it.
      expect(published.body.warnings).toEqual([]);
    });

    it('refuses a chain assignee { projectGroup } with anything but true, naming the field', async () => {
      const response = await app
        .http()
        .post('/api/v1/approval-chains')
        .auth(admin, { type: 'bearer' })
        .send({
          key: key('bad'),
          name: name('Bad'),
          steps: [{ key: 'a', name: name('A'), assignees: [{ projectGroup: 'yes' }] }],
        });
      const problem = expectProblem(response, 400);
      expect(problem.errors).toEqual([
        { field: 'steps[0].assignees[0].projectGroup', message: 'must be true', code: 'shape' },
      ]);
    });

    it('does not start on a project without a group: 400 naming the step', async () => {
      const { response } = await start(chain.key);
      const problem = expectProblem(response, 400);
      expect(problem.code).toBe('WORKFLOW.PROJECT_GROUP_MISSING');
      expect(problem.errors).toEqual([
        {
          field: 'steps[0].assignees[0]',
          message: expect.stringContaining(
            "step 'regional-priority' needs the project's technical group",
          ),
        },
      ]);
      const [{ count }] = await app.sql<{ count: number }>(
        'SELECT count(*)::int AS count FROM workflows WHERE chain_key = $1',
        [chain.key],
      );
      expect(count).toBe(0);
    });

    it("is signed by the project group's co-chairs and refused (403) to another group's", async () => {
      const { response } = await start(chain.key, { technicalGroupCode: bcCa.code });
      expect(response.status).toBe(201);
      const workflow = response.body as Workflow;
      expect(workflow.steps[0].assignees).toEqual([
        expect.objectContaining({
          technicalGroup: bcCa.code,
          projectGroup: true,
          signers: 2,
          unstaffed: false,
        }),
      ]);
      const tasks = await app.http().get('/api/v1/tasks').auth(bcCa.mxToken, { type: 'bearer' });
      expect(tasks.body.items).toContainEqual(
        expect.objectContaining({ workflowId: workflow.id, stepKey: 'regional-priority' }),
      );
      const otherTasks = await app
        .http()
        .get('/api/v1/tasks')
        .auth(sonAz.mxToken, { type: 'bearer' });
      expect(
        (otherTasks.body.items as { workflowId: string }[]).filter(
          (t) => t.workflowId === workflow.id,
        ),
      ).toEqual([]);

      const refused = await decide(workflow.id, 'regional-priority', sonAz.mxToken, {
        decision: 'approve',
      });
      expectProblem(refused, 403);
      expect(refused.body.pendingAssignees).toEqual([bcCa.code]);

      await decide(workflow.id, 'regional-priority', bcCa.mxToken, { decision: 'approve' }).expect(
        201,
      );
      const done = await decide(workflow.id, 'regional-priority', bcCa.usToken, {
        decision: 'approve',
      }).expect(201);
      expect((done.body as Workflow).steps.map((s) => s.status)).toEqual(['approved', 'active']);

      const events = await app
        .http()
        .get(`/api/v1/workflows/${workflow.id}/events`)
        .auth(admin, { type: 'bearer' });
      expect(events.body.items[0]).toEqual(
        expect.objectContaining({
          type: 'workflow_started',
          data: { attributes: {}, projectGroup: bcCa.code },
        }),
      );
      const verified = await app
        .http()
        .get(`/api/v1/workflows/${workflow.id}/events/verify`)
        .auth(admin, { type: 'bearer' })
        .expect(200);
      expect(verified.body.valid).toBe(true);

      // The workflow keeps its group even if the project moves to another.
      await app.sql(
        `UPDATE projects SET technical_group_id = (SELECT id FROM technical_groups WHERE code = $1)
          WHERE id = (SELECT project_id FROM workflows WHERE id = $2)`,
        [sonAz.code, workflow.id],
      );
      const later = await app
        .http()
        .get(`/api/v1/workflows/${workflow.id}`)
        .auth(admin, { type: 'bearer' })
        .expect(200);
      expect((later.body as Workflow).steps[0].assignees[0].technicalGroup).toBe(bcCa.code);

      // A return names who decided, for which assignee, and the step it goes back to.
      await decide(workflow.id, 'intake', sre.token, {
        decision: 'reject',
        comment: 'Falta el aforo.',
      }).expect(201);
      const mails = await smtp.waitFor(
        (all) => mailsTo(all, coordinator.user.email, 'step_rejected', workflow.id).length === 1,
      );
      const notice = mailsTo(mails, coordinator.user.email, 'step_rejected', workflow.id)[0];
      expect(notice.mail.text).toContain('Test User, por SRE, rechazó la etapa “Intake (es)”');
      expect(notice.mail.text).toContain(
        'El trámite regresa a la etapa “Regional priority (es)” para una nueva ronda de revisión.',
      );
      expect(notice.mail.text).toContain('Falta el aforo.');
    });

    it('tells a new co-chair of the group of the steps already waiting on their seat', async () => {
      const { response } = await start(chain.key, { technicalGroupCode: bcCa.code });
      const workflow = response.body as Workflow;
      const newChair = await createUser(app, {
        roles: ['approver'],
        agencyId: bcCa.usAgency.id,
        locale: 'en',
      });
      await app
        .http()
        .patch(`/api/v1/technical-groups/${bcCa.id}`)
        .auth(admin, { type: 'bearer' })
        .send({ coChairs: { us: newChair.user.id } })
        .expect(200);
      const mails = await smtp.waitFor(
        (all) => mailsTo(all, newChair.user.email, 'step_assigned', workflow.id).length === 1,
      );
      expect(
        mailsTo(mails, newChair.user.email, 'step_assigned', workflow.id)[0].mail.subject,
      ).toContain('Action needed: Regional priority');
      const tasks = await app.http().get('/api/v1/tasks').auth(newChair.token, { type: 'bearer' });
      expect(tasks.body.items).toContainEqual(
        expect.objectContaining({ workflowId: workflow.id, stepKey: 'regional-priority' }),
      );
    });
  });
});
