import { DomainError } from '@app/common/errors/domain-error';
import { ProjectsService } from '@app/modules/projects/projects.service';
import {
  createAgency,
  createProject,
  createTechnicalGroup,
  createUser,
  expectProblem,
} from './support/fixtures';
import { createTestApp, type TestApp } from './support/test-app';

const UNKNOWN_ID = '7d0f5e8e-0000-4000-8000-000000000000';

describe('Projects', () => {
  let app: TestApp;
  let admin: string;
  let coordinator: { token: string; id: string };
  let viewer: string;
  let approver: string;

  const fields = (problem: { errors?: { field: string }[] }) =>
    problem.errors?.map((e) => e.field).sort();

  const post = (body: Record<string, unknown>, token = coordinator.token) =>
    app.http().post('/api/v1/projects').auth(token, { type: 'bearer' }).send(body);

  const patch = (id: string, body: Record<string, unknown>, token = coordinator.token) =>
    app.http().patch(`/api/v1/projects/${id}`).auth(token, { type: 'bearer' }).send(body);

  const list = (query: string, token = viewer) =>
    app.http().get(`/api/v1/projects?${query}`).auth(token, { type: 'bearer' });

  const codes = (body: { items: { code: string }[] }) => body.items.map((p) => p.code);

  const valid = (overrides: Record<string, unknown> = {}) => ({
    code: 'VALID-PROJECT',
    name: { en: 'A bridge', es: 'Un puente' },
    type: 'bridge',
    ...overrides,
  });

  beforeAll(async () => {
    app = await createTestApp();
    admin = await app.adminToken();
    const created = await createUser(app, { roles: ['coordinator'] });
    coordinator = { token: created.token, id: created.user.id };
    viewer = (await createUser(app, { roles: ['viewer'] })).token;
    const agency = await createAgency(app, { country: 'US' });
    approver = (await createUser(app, { roles: ['approver'], agencyId: agency.id })).token;
  });
  afterAll(() => app?.close());

  describe('POST /projects', () => {
    it('creates a project for a coordinator, active by default', async () => {
      await createTechnicalGroup(app, { code: 'BC-CA' });
      const response = await post({
        code: 'OTAY-MESA-EAST',
        name: { en: 'Otay Mesa East', es: 'Mesa de Otay II' },
        type: 'land_port_of_entry',
        technicalGroupCode: 'BC-CA',
        attributes: { involvesRail: false, lanes: 10, tollRoad: 'SR-11', fee: 2.5 },
      });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        code: 'OTAY-MESA-EAST',
        name: { en: 'Otay Mesa East', es: 'Mesa de Otay II' },
        type: 'land_port_of_entry',
        status: 'active',
        technicalGroupCode: 'BC-CA',
        attributes: { involvesRail: false, lanes: 10, tollRoad: 'SR-11', fee: 2.5 },
        createdBy: coordinator.id,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const read = await app
        .http()
        .get(`/api/v1/projects/${response.body.id}`)
        .auth(viewer, { type: 'bearer' });
      expect(read.status).toBe(200);
      expect(read.body).toEqual(response.body);
    });

    it('lets an admin create one without group or attributes, in any status', async () => {
      const response = await post(
        valid({ code: 'PLAIN', type: 'other', status: 'planning' }),
        admin,
      );
      expect(response.status).toBe(201);
      expect(response.body).toEqual(
        expect.objectContaining({
          code: 'PLAIN',
          type: 'other',
          status: 'planning',
          technicalGroupCode: null,
          attributes: {},
          createdBy: expect.any(String),
        }),
      );
    });

    it('refuses a duplicate code with 409', async () => {
      await createProject(app, { code: 'DUP-PROJECT' });
      const response = await post(valid({ code: 'DUP-PROJECT' }));
      expect(expectProblem(response, 409).code).toBe('PROJECT.CODE_TAKEN');
    });

    it('refuses an unknown technical group', async () => {
      const response = await post(valid({ code: 'NO-GROUP', technicalGroupCode: 'NO-SUCH-GROUP' }));
      const problem = expectProblem(response, 400);
      expect(problem.code).toBe('PROJECT.UNKNOWN_TECHNICAL_GROUP');
      expect(problem.errors).toEqual([
        { field: 'technicalGroupCode', message: 'no technical group with code NO-SUCH-GROUP' },
      ]);
      const malformed = await post(valid({ code: 'NO-GROUP', technicalGroupCode: 'bc ca' }));
      expect(fields(expectProblem(malformed, 400))).toEqual(['technicalGroupCode']);
    });

    it('names each attribute that is not a flat string, number or boolean', async () => {
      const response = await post(
        valid({
          code: 'BAD-ATTRIBUTES',
          attributes: {
            ok: 'yes',
            lanes: { north: 4, south: 4 },
            agencies: ['CBP', 'GSA'],
            note: null,
            '2fast': true,
            with_underscore: 1,
            'has space': 'x',
            ['k'.repeat(65)]: 1,
            long: 'x'.repeat(1001),
          },
        }),
      );
      const problem = expectProblem(response, 400);
      expect(problem.code).toBe('PROJECT.INVALID_ATTRIBUTES');
      expect(fields(problem)).toEqual([
        'attributes.agencies',
        `attributes.${'k'.repeat(65)}`,
        'attributes.lanes',
        'attributes.long',
        'attributes.note',
        'attributes["2fast"]',
        'attributes["has space"]',
      ]);
      expect(await app.sql('SELECT id FROM projects WHERE code = $1', ['BAD-ATTRIBUTES'])).toEqual(
        [],
      );
    });

    it('refuses more than 50 attributes, and attributes that are not an object', async () => {
      const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`a${i}`, i]));
      const tooMany = await post(valid({ code: 'TOO-MANY', attributes: many }));
      expect(expectProblem(tooMany, 400).errors).toEqual([
        { field: 'attributes', message: 'at most 50 attributes' },
      ]);
      const fifty = await post(valid({ code: 'FIFTY', attributes: { ...many, a50: undefined } }));
      expect(fifty.status).toBe(201);
      expect(Object.keys(fifty.body.attributes)).toHaveLength(50);
      for (const attributes of [['x'], 'x', null, 3]) {
        const response = await post(valid({ code: 'NOT-OBJECT', attributes }));
        expect(fields(expectProblem(response, 400))).toEqual(['attributes']);
      }
    });

    it('keeps attribute names that are also names of object methods', async () => {
      const attributes = { toString: 'kept', valueOf: 1, hasOwnProperty: false };
      const response = await post(valid({ code: 'ODD-NAMES', attributes }));
      expect(response.status).toBe(201);
      expect(response.body.attributes).toEqual(attributes);
    });

    it('lists the attribute and group problems together', async () => {
      const response = await post(
        valid({ code: 'BOTH-WRONG', technicalGroupCode: 'NO-SUCH', attributes: { x: [] } }),
      );
      const problem = expectProblem(response, 400);
      expect(problem.code).toBe('VALIDATION_FAILED');
      expect(fields(problem)).toEqual(['attributes.x', 'technicalGroupCode']);
    });

    it('validates the shape of the body, unknown fields included', async () => {
      expect(fields(expectProblem(await post({}), 400))).toEqual(['code', 'name', 'type']);
      const bad = await post({
        code: 'x',
        name: { es: 'Solo español' },
        type: 'tunnel',
        status: 'done',
        budget: 10,
      });
      expect(fields(expectProblem(bad, 400))).toEqual([
        'budget',
        'code',
        'name.en',
        'status',
        'type',
      ]);
      const types = await post({ code: 12, name: 'bridge', type: null });
      expect(fields(expectProblem(types, 400))).toEqual(['code', 'name', 'type']);
    });

    it('refuses viewers and approvers, and callers without a token', async () => {
      for (const token of [viewer, approver]) {
        const response = await post(valid({ code: 'FORBIDDEN' }), token);
        expect(expectProblem(response, 403).code).toBe('AUTH.ROLE_REQUIRED');
      }
      expectProblem(await app.http().post('/api/v1/projects').send(valid()), 401);
      expect(await app.sql('SELECT id FROM projects WHERE code = $1', ['FORBIDDEN'])).toEqual([]);
    });
  });

  describe('GET /projects', () => {
    let groupCode: string;

    beforeAll(async () => {
      groupCode = (await createTechnicalGroup(app, { code: 'LIST-GROUP' })).code;
      await createProject(app, {
        code: 'LIST-A',
        name: { en: 'Brownsville rail bridge', es: 'Puente ferroviario Matamoros' },
        type: 'rail_crossing',
        technicalGroupCode: groupCode,
      });
      await createProject(app, {
        code: 'LIST-B',
        name: { en: '100% new lanes', es: 'Carriles nuevos' },
        type: 'expansion',
        status: 'on_hold',
        technicalGroupCode: groupCode,
      });
      await createProject(app, {
        code: 'LIST_C',
        name: { en: 'Nogales port', es: 'Garita de Nogales' },
        type: 'land_port_of_entry',
      });
    });

    it('lets a viewer read a page and a project', async () => {
      const response = await list('q=list');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        items: [
          expect.objectContaining({ code: 'LIST-A', technicalGroupCode: 'LIST-GROUP' }),
          expect.objectContaining({ code: 'LIST-B', status: 'on_hold' }),
          expect.objectContaining({ code: 'LIST_C', technicalGroupCode: null }),
        ],
        total: 3,
        limit: 50,
        offset: 0,
      });
      const one = await app
        .http()
        .get(`/api/v1/projects/${response.body.items[0].id}`)
        .auth(approver, { type: 'bearer' });
      expect(one.status).toBe(200);
      expect(one.body).toEqual(response.body.items[0]);
      expectProblem(await app.http().get('/api/v1/projects'), 401);
      expectProblem(await app.http().get(`/api/v1/projects/${one.body.id}`), 401);
    });

    it('filters by status, type and technical group', async () => {
      expect(codes((await list('q=list&status=on_hold')).body)).toEqual(['LIST-B']);
      expect(codes((await list('q=list&status=active')).body)).toEqual(['LIST-A', 'LIST_C']);
      expect(codes((await list('q=list&type=rail_crossing')).body)).toEqual(['LIST-A']);
      expect(codes((await list(`technicalGroupCode=${groupCode}`)).body)).toEqual([
        'LIST-A',
        'LIST-B',
      ]);
      expect(
        codes((await list(`technicalGroupCode=${groupCode}&type=expansion&status=on_hold`)).body),
      ).toEqual(['LIST-B']);
      expect((await list('technicalGroupCode=NO-SUCH-GROUP')).body.total).toBe(0);
      const bad = await list('status=done&type=tunnel&technicalGroupCode=a%20b&limit=500');
      expect(fields(expectProblem(bad, 400))).toEqual([
        'limit',
        'status',
        'technicalGroupCode',
        'type',
      ]);
    });

    it('searches code and both names, literally', async () => {
      expect(codes((await list('q=brownsville')).body)).toEqual(['LIST-A']);
      expect(codes((await list('q=GARITA')).body)).toEqual(['LIST_C']);
      expect(codes((await list(`q=${encodeURIComponent('ferroviario')}`)).body)).toEqual([
        'LIST-A',
      ]);
      expect(codes((await list('q=list-a')).body)).toEqual(['LIST-A']);
      expect(codes((await list('q=100%25')).body)).toEqual(['LIST-B']);
      expect(codes((await list('q=%25')).body)).toEqual(['LIST-B']);
      expect(codes((await list('q=LIST_')).body)).toEqual(['LIST_C']);
      expect(codes((await list('q=%5C')).body)).toEqual([]);
    });

    it('paginates', async () => {
      const first = await list('q=list&limit=2');
      expect(codes(first.body)).toEqual(['LIST-A', 'LIST-B']);
      expect(first.body).toEqual(expect.objectContaining({ total: 3, limit: 2, offset: 0 }));
      const last = await list('q=list&limit=2&offset=2');
      expect(last.body).toEqual({
        items: [expect.objectContaining({ code: 'LIST_C' })],
        total: 3,
        limit: 2,
        offset: 2,
      });
      const beyond = await list('q=list&offset=10');
      expect(beyond.body).toEqual({ items: [], total: 3, limit: 50, offset: 10 });
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      expectProblem(
        await app.http().get(`/api/v1/projects/${UNKNOWN_ID}`).auth(viewer, { type: 'bearer' }),
        404,
      );
      expectProblem(
        await app.http().get('/api/v1/projects/123').auth(viewer, { type: 'bearer' }),
        400,
      );
    });
  });

  describe('PATCH /projects/:id', () => {
    it('updates name, type, status, group and attributes; null detaches the group', async () => {
      const first = await createTechnicalGroup(app, { code: 'PATCH-G1' });
      const second = await createTechnicalGroup(app, { code: 'PATCH-G2' });
      const project = await createProject(app, {
        code: 'PATCH-P',
        technicalGroupCode: first.code,
        attributes: { lanes: 4, involvesRail: true },
      });

      const response = await patch(project.id, {
        name: { en: 'Renamed', es: 'Renombrado' },
        type: 'expansion',
        status: 'completed',
        technicalGroupCode: second.code,
        attributes: { lanes: 8 },
      });
      expect(response.status).toBe(200);
      expect(response.body).toEqual(
        expect.objectContaining({
          id: project.id,
          code: 'PATCH-P',
          name: { en: 'Renamed', es: 'Renombrado' },
          type: 'expansion',
          status: 'completed',
          technicalGroupCode: 'PATCH-G2',
          attributes: { lanes: 8 },
        }),
      );

      const detached = await patch(project.id, { technicalGroupCode: null }, admin);
      expect(detached.status).toBe(200);
      expect(detached.body.technicalGroupCode).toBeNull();
      expect(detached.body.attributes).toEqual({ lanes: 8 });

      const emptied = await patch(project.id, { attributes: {} });
      expect(emptied.body.attributes).toEqual({});

      const unchanged = await patch(project.id, {});
      expect(unchanged.status).toBe(200);
      const read = await app
        .http()
        .get(`/api/v1/projects/${project.id}`)
        .auth(viewer, { type: 'bearer' });
      expect(read.body).toEqual(unchanged.body);
      expect(read.body).toEqual(
        expect.objectContaining({ status: 'completed', technicalGroupCode: null }),
      );
    });

    it('refuses an unknown group, bad attributes and values, and the code', async () => {
      const project = await createProject(app, { code: 'PATCH-BAD', attributes: { a: 1 } });
      const unknown = await patch(project.id, {
        technicalGroupCode: 'NO-SUCH',
        attributes: { nested: { a: 1 } },
      });
      expect(fields(expectProblem(unknown, 400))).toEqual([
        'attributes.nested',
        'technicalGroupCode',
      ]);
      const bad = await patch(project.id, {
        code: 'OTHER',
        status: 'finished',
        type: 'tunnel',
        attributes: null,
        name: { en: '' },
      });
      expect(fields(expectProblem(bad, 400))).toEqual([
        'attributes',
        'code',
        'name.en',
        'name.es',
        'status',
        'type',
      ]);
      const read = await app
        .http()
        .get(`/api/v1/projects/${project.id}`)
        .auth(viewer, { type: 'bearer' });
      expect(read.body).toEqual(
        expect.objectContaining({ code: 'PATCH-BAD', status: 'active', attributes: { a: 1 } }),
      );
    });

    it('is for coordinators and admins only', async () => {
      const project = await createProject(app, { code: 'PATCH-ROLES' });
      for (const token of [viewer, approver]) {
        expect(
          expectProblem(await patch(project.id, { status: 'cancelled' }, token), 403).code,
        ).toBe('AUTH.ROLE_REQUIRED');
      }
      expectProblem(
        await app.http().patch(`/api/v1/projects/${project.id}`).send({ status: 'cancelled' }),
        401,
      );
      const read = await app
        .http()
        .get(`/api/v1/projects/${project.id}`)
        .auth(viewer, { type: 'bearer' });
      expect(read.body.status).toBe('active');
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      expectProblem(await patch(UNKNOWN_ID, { status: 'on_hold' }), 404);
      expectProblem(await patch('not-a-uuid', {}), 400);
    });
  });

  describe('for the approvals module', () => {
    it('finds a project entity with its group, or throws the 404 domain error', async () => {
      const group = await createTechnicalGroup(app, { code: 'ENTITY-G' });
      const project = await createProject(app, {
        code: 'ENTITY-P',
        technicalGroupCode: group.code,
        attributes: { involvesRail: true },
      });
      const service = app.running.app.get(ProjectsService);
      const entity = await service.findEntity(project.id);
      expect(entity).toEqual(
        expect.objectContaining({
          id: project.id,
          attributes: { involvesRail: true },
          technicalGroupId: group.id,
        }),
      );
      expect(entity.technicalGroup?.coChairMxId).toBe(group.coChairs.mx.userId);
      const missing = service.findEntity(UNKNOWN_ID);
      await expect(missing).rejects.toBeInstanceOf(DomainError);
      await expect(missing).rejects.toEqual(expect.objectContaining({ kind: 'not_found' }));
    });
  });

  it('describes every route in OpenAPI', async () => {
    const document = await app.http().get('/docs-json');
    const paths = document.body.paths as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths['/api/v1/projects']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(paths['/api/v1/projects/{id}']).sort()).toEqual(['get', 'patch']);
    const schemas = document.body.components.schemas;
    expect(schemas.CreateProjectDto.required).toEqual(
      expect.arrayContaining(['code', 'name', 'type']),
    );
    expect(schemas.ProjectView.properties.attributes.type).toBe('object');
  });
});
