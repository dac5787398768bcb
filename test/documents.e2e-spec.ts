import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import S3rver from 's3rver';
import { DataSource } from 'typeorm';
import { DocumentSweeper } from '@app/modules/documents/document-sweeper';
import { DocumentsService } from '@app/modules/documents/documents.service';
import {
  DOCUMENT_STORAGE,
  type DocumentStorage,
} from '@app/modules/documents/storage/document-storage';
import { elfFile, pdfFile, pngFile, xlsxFile } from './support/document-files';
import {
  createAgency,
  createProject,
  createTechnicalGroup,
  createUser,
  expectProblem,
} from './support/fixtures';
import { createTestApp, type TestApp } from './support/test-app';

const MIB = 1024 * 1024;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Answer {
  /** Bytes of the request the client had handed to its socket when the answer came. */
  sentWhenAnswered: number;
  /** The whole request's size. */
  requestSize: number;
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  raw: Buffer;
}

type Part = { name: string; value: string } | { name: string; fileName: string; bytes: Buffer };

let serial = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${serial++}`;

/**
 * The same suite on each storage: the filesystem under DATA_DIR, and S3 on a real S3-protocol
 * server (s3rver) started here, reached through the service's own AWS SDK client.
 */
const storages: [string, () => Promise<{ env: Record<string, string>; stop(): Promise<void> }>][] =
  [
    [
      'filesystem',
      async () => {
        const dir = await mkdtemp(join(tmpdir(), 'puentes-documents-'));
        return { env: { DATA_DIR: dir }, stop: () => rm(dir, { recursive: true, force: true }) };
      },
    ],
    [
      's3',
      async () => {
        const dir = await mkdtemp(join(tmpdir(), 'puentes-s3rver-'));
        const server = new S3rver({
          address: '127.0.0.1',
          port: 0,
          silent: true,
          directory: dir,
          configureBuckets: [{ name: 'puentes-documents', configs: [] }],
        });
        const { port } = (await server.run()) as { port: number };
        return {
          env: {
            STORAGE_URL: 's3://puentes-documents',
            S3_ENDPOINT: `http://127.0.0.1:${port}`,
            S3_REGION: 'us-east-1',
            AWS_ACCESS_KEY_ID: 'S3RVER',
            AWS_SECRET_ACCESS_KEY: 'S3RVER',
          },
          stop: async () => {
            await server.close();
            await rm(dir, { recursive: true, force: true });
          },
        };
      },
    ],
  ];

describe.each(storages)('Documents on %s storage', (_label, startStorage) => {
  let app: TestApp;
  let stopStorage: () => Promise<void>;
  let storage: DocumentStorage;
  let coordinator: string;
  let coordinatorId: string;
  let projectId: string;
  let assignee: { token: string; user: { id: string } };
  let unrelated: { token: string };
  let agencyCode: string;
  let workflowId: string;

  beforeAll(async () => {
    const started = await startStorage();
    stopStorage = started.stop;
    app = await createTestApp({ ...started.env, MAX_UPLOAD_MB: '1' });
    storage = app.running.app.get(DOCUMENT_STORAGE, { strict: false });
    const coordinatorUser = await createUser(app, { roles: ['coordinator'] });
    coordinator = coordinatorUser.token;
    coordinatorId = coordinatorUser.user.id;
    const agency = await createAgency(app, { country: 'US' });
    agencyCode = agency.code;
    const other = await createAgency(app, { country: 'MX' });
    assignee = await createUser(app, { roles: ['approver'], agencyId: agency.id });
    unrelated = await createUser(app, { roles: ['approver'], agencyId: other.id });
    const group = await createTechnicalGroup(app);
    projectId = (await createProject(app, { technicalGroupCode: group.code }, coordinator)).id;
    const admin = await app.adminToken();
    const chainKey = unique('docs');
    const chain = await app
      .http()
      .post('/api/v1/approval-chains')
      .auth(admin, { type: 'bearer' })
      .send({
        key: chainKey,
        name: { en: 'Chain', es: 'Cadena' },
        steps: [
          {
            key: 'review',
            name: { en: 'Review', es: 'Revisión' },
            assignees: [{ agency: agencyCode }],
          },
        ],
      });
    expect(chain.status).toBe(201);
    await app
      .http()
      .post(`/api/v1/approval-chains/${chain.body.id}/publish`)
      .auth(admin, { type: 'bearer' })
      .expect(200);
    const workflow = await app
      .http()
      .post(`/api/v1/projects/${projectId}/workflows`)
      .auth(coordinator, { type: 'bearer' })
      .send({ chainKey });
    expect(workflow.status).toBe(201);
    workflowId = workflow.body.id;
  });
  afterAll(async () => {
    await app?.close();
    await stopStorage?.();
  });

  /** A multipart request written by hand: exact file names, and a 413 read even mid-send. */
  function send(path: string, token: string, parts: Part[]): Promise<Answer> {
    const boundary = `----puentes${randomUUID()}`;
    const chunks: Buffer[] = [];
    for (const part of parts) {
      chunks.push(Buffer.from(`--${boundary}\r\n`));
      if ('value' in part) {
        chunks.push(
          Buffer.from(
            `Content-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`,
          ),
        );
      } else {
        chunks.push(
          Buffer.from(
            `Content-Disposition: form-data; name="${part.name}"; ${fileNameParameter(part.fileName)}\r\n` +
              'Content-Type: application/octet-stream\r\n\r\n',
          ),
          part.bytes,
          Buffer.from('\r\n'),
        );
      }
    }
    chunks.push(Buffer.from(`--${boundary}--\r\n`));
    const body = Buffer.concat(chunks);
    return new Promise((resolve, reject) => {
      let answered = false;
      let handedOver = 0;
      const request = httpRequest(
        `${app.url}${path}`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': `multipart/form-data; boundary=${boundary}`,
            'content-length': String(body.length),
          },
        },
        (response) => {
          answered = true;
          const sentWhenAnswered = handedOver;
          const received: Buffer[] = [];
          response.on('data', (c: Buffer) => received.push(c));
          response.on('end', () => {
            const raw = Buffer.concat(received);
            resolve({
              sentWhenAnswered,
              requestSize: body.length,
              status: response.statusCode ?? 0,
              headers: response.headers as Record<string, string>,
              body: raw.length ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {},
              raw,
            });
          });
        },
      );
      // The service may close the connection before taking the whole body (a 413).
      request.on('error', (error) => {
        if (!answered) reject(error);
      });
      // In slices, minding backpressure: `handedOver` is then within a slice and Node's small
      // buffer of what the socket took, and nothing is written once the answer came.
      void (async () => {
        const slice = 64 * 1024;
        for (let at = 0; at < body.length && !answered && !request.destroyed; at += slice) {
          handedOver = Math.min(at + slice, body.length);
          if (!request.write(body.subarray(at, at + slice)))
            await new Promise((drained) => {
              request.once('drain', drained);
              request.once('close', drained);
            });
        }
        if (!request.destroyed) request.end();
      })();
    });
  }

  /** A file name as a browser sends it: plain when printable ASCII, else RFC 5987 encoded. */
  const fileNameParameter = (name: string) =>
    /^[\x20-\x7e]*$/.test(name) && !name.includes('"')
      ? `filename="${name}"`
      : `filename*=UTF-8''${encodeURIComponent(name)}`;

  const upload = (
    file: { name: string; bytes: Buffer },
    fields: Record<string, string> = {},
    token = coordinator,
  ) =>
    send(`/api/v1/projects/${projectId}/documents`, token, [
      ...Object.entries({ title: 'A document', kind: 'other', ...fields }).map(([name, value]) => ({
        name,
        value,
      })),
      { name: 'file', fileName: file.name, bytes: file.bytes },
    ]);

  const download = (
    id: string,
    token = coordinator,
    query = '',
    headers: Record<string, string> = {},
  ) =>
    app
      .http()
      .get(`/api/v1/documents/${id}/content${query}`)
      .auth(token, { type: 'bearer' })
      .set(headers)
      .buffer(true)
      .parse((response, callback) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => {
          const raw = Buffer.concat(chunks);
          // Problems are JSON; files stay bytes.
          callback(
            null,
            /json/.test(String(response.headers['content-type']))
              ? (JSON.parse(raw.toString('utf8')) as unknown)
              : raw,
          );
        });
      });

  async function storedKeys(): Promise<string[]> {
    const keys: string[] = [];
    for await (const file of storage.list()) keys.push(file.key);
    return keys.sort();
  }

  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

  it.each([
    ['MIA Otay Mesa – resumen.pdf', pdfFile(), 'application/pdf', 'environmental'],
    ['Costos del puente.xlsx', xlsxFile(), XLSX, 'technical_file'],
    ['mapa.png', pngFile(), 'image/png', 'map'],
  ])('uploads %s and downloads it byte for byte', async (name, bytes, mediaType, kind) => {
    const created = await upload({ name, bytes }, { title: `The ${kind}`, kind });
    expect(created.status).toBe(201);
    expect(created.body).toEqual(
      expect.objectContaining({
        projectId,
        workflowId: null,
        stepKey: null,
        kind,
        title: `The ${kind}`,
        restricted: false,
        version: 1,
        fileName: name,
        mediaType,
        size: bytes.length,
        sha256: sha256(bytes),
      }),
    );
    const response = await download(created.body.id as string);
    expect(response.status).toBe(200);
    expect(Buffer.compare(response.body as Buffer, bytes)).toBe(0);
    expect(response.headers['content-type']).toBe(mediaType);
    // RFC 6266: an ASCII fallback, and the exact UTF-8 name in filename* when it needs one.
    expect(response.headers['content-disposition']).toEqual(
      /^[\x20-\x7e]*$/.test(name)
        ? `attachment; filename="${name}"`
        : expect.stringMatching(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/),
    );
    if (!/^[\x20-\x7e]*$/.test(name))
      expect(response.headers['content-disposition']).toContain(
        `filename*=UTF-8''${encodeURIComponent(name)}`,
      );
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers.etag).toBe(`"${sha256(bytes)}"`);
  });

  it('serves one byte range, and refuses a range past the end', async () => {
    const bytes = pdfFile('ranges');
    const created = await upload({ name: 'ranges.pdf', bytes });
    const part = await download(created.body.id as string, coordinator, '', {
      Range: 'bytes=5-14',
    });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 5-14/${bytes.length}`);
    expect(Buffer.compare(part.body as Buffer, bytes.subarray(5, 15))).toBe(0);
    const outside = await download(created.body.id as string, coordinator, '', {
      Range: `bytes=${bytes.length + 10}-`,
    });
    expect(outside.status).toBe(416);
    expect(outside.headers['content-range']).toBe(`bytes */${bytes.length}`);
    expect(outside.headers['content-disposition']).toBeUndefined();
  });

  it('accepts CSV and plain text by their bytes', async () => {
    const csv = await upload({
      name: 'aforos.csv',
      bytes: Buffer.from('carril,vehículos\n1,420\n'),
    });
    expect(csv.status).toBe(201);
    expect(csv.body.mediaType).toBe('text/csv; charset=utf-8');
    const text = await upload({ name: 'notas', bytes: Buffer.from('Minuta de la reunión\n') });
    expect(text.body.mediaType).toBe('text/plain; charset=utf-8');
  });

  it.each([
    ['a renamed executable', 'oficio.pdf', elfFile()],
    [
      'an HTML page named as text',
      'minuta.txt',
      Buffer.from('<!doctype html><script>alert(1)</script>'),
    ],
    ['binary data named as CSV', 'datos.csv', Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x03])],
  ])('refuses %s with 415 and stores nothing', async (_what, name, bytes) => {
    const before = await storedKeys();
    const response = await upload({ name, bytes });
    expect(expectProblem(response, 415).code).toBe('DOCUMENT.UNSUPPORTED_TYPE');
    expect(await storedKeys()).toEqual(before);
  });

  it('refuses a file one byte over MAX_UPLOAD_MB with 413, leaving no row and no file', async () => {
    const [{ count: rowsBefore }] = await app.sql<{ count: string }>(
      `SELECT count(*) FROM document_versions`,
    );
    const before = await storedKeys();
    const bytes = Buffer.concat([pdfFile(), Buffer.alloc(MIB + 1 - pdfFile().length, 0x20)]);
    const response = await upload({ name: 'too-big.pdf', bytes });
    expect(expectProblem(response, 413).code).toBe('DOCUMENT.TOO_LARGE');
    expect(await storedKeys()).toEqual(before);
    const [{ count: rowsAfter }] = await app.sql<{ count: string }>(
      `SELECT count(*) FROM document_versions`,
    );
    expect(rowsAfter).toBe(rowsBefore);
    // Exactly at the limit is accepted.
    const fits = await upload({ name: 'fits.pdf', bytes: bytes.subarray(0, MIB) });
    expect(fits.status).toBe(201);
  });

  it('answers 413 without reading the rest of a much larger body', async () => {
    const before = await storedKeys();
    const bytes = Buffer.concat([pdfFile(), Buffer.alloc(64 * MIB, 0x20)]);
    const response = await upload({ name: 'huge.pdf', bytes });
    expect(expectProblem(response, 413).code).toBe('DOCUMENT.TOO_LARGE');
    expect(response.headers.connection).toBe('close');
    // The answer came while most of the body was still unsent (socket buffers take a few MiB).
    expect(response.sentWhenAnswered).toBeLessThan(response.requestSize / 4);
    expect(await storedKeys()).toEqual(before);
  });

  it.each([
    ['a path', '../../etc/passwd.pdf'],
    ['a Windows path', 'C:\\temp\\oficio.pdf'],
    ['a control character', 'oficio\u0007.pdf'],
    ['more than 255 bytes', `${'é'.repeat(130)}.pdf`],
  ])('refuses a file name with %s (400)', async (_what, name) => {
    const before = await storedKeys();
    const response = await upload({ name, bytes: pdfFile() });
    expect(expectProblem(response, 400).code).toBe('DOCUMENT.BAD_FILE_NAME');
    expect(await storedKeys()).toEqual(before);
  });

  it('refuses an empty file (400) and bad fields, storing nothing', async () => {
    const before = await storedKeys();
    expect(
      expectProblem(await upload({ name: 'empty.pdf', bytes: Buffer.alloc(0) }), 400).code,
    ).toBe('DOCUMENT.EMPTY_FILE');
    expectProblem(await upload({ name: 'x.pdf', bytes: pdfFile() }, { kind: 'poem' }), 400);
    expectProblem(await upload({ name: 'x.pdf', bytes: pdfFile() }, { stepKey: 'review' }), 400);
    expect(await storedKeys()).toEqual(before);
  });

  it('takes multipart on the document routes only (elsewhere still 415)', async () => {
    const elsewhere = await send('/api/v1/projects', coordinator, [{ name: 'code', value: 'X' }]);
    expectProblem(elsewhere, 415);
  });

  it('refuses a JSON body on the upload route (415)', async () => {
    const response = await app
      .http()
      .post(`/api/v1/projects/${projectId}/documents`)
      .auth(coordinator, { type: 'bearer' })
      .send({ title: 'no file' });
    expectProblem(response, 415);
  });

  it('keeps every version downloadable', async () => {
    const first = pdfFile('first version');
    const second = pdfFile('second version, corrected');
    const created = await upload({ name: 'oficio.pdf', bytes: first }, { kind: 'agency_opinion' });
    const id = created.body.id as string;
    const added = await send(`/api/v1/documents/${id}/versions`, coordinator, [
      { name: 'note', value: 'Corrected figures' },
      { name: 'file', fileName: 'oficio-v2.pdf', bytes: second },
    ]);
    expect(added.status).toBe(201);
    expect(added.body).toEqual(
      expect.objectContaining({ version: 2, fileName: 'oficio-v2.pdf', sha256: sha256(second) }),
    );
    expect(
      (added.body.versions as { version: number; note: string | null }[]).map((v) => [
        v.version,
        v.note,
      ]),
    ).toEqual([
      [1, null],
      [2, 'Corrected figures'],
    ]);
    const latest = await download(id);
    expect(Buffer.compare(latest.body as Buffer, second)).toBe(0);
    const old = await download(id, coordinator, '?version=1');
    expect(old.status).toBe(200);
    expect(Buffer.compare(old.body as Buffer, first)).toBe(0);
    expect(old.headers.etag).toBe(`"${sha256(first)}"`);
    expect((await download(id, coordinator, '?version=3')).status).toBe(404);
  });

  it('refuses a file changed behind the service’s back (409), whole or in part', async () => {
    const bytes = pdfFile('the signed text');
    const created = await upload({ name: 'firmado.pdf', bytes });
    const id = created.body.id as string;
    const [{ id: key }] = await app.sql<{ id: string }>(
      `SELECT id FROM document_versions WHERE document_id = $1`,
      [id],
    );
    const tampered = Buffer.from(bytes);
    tampered[tampered.length - 8] ^= 0x01;
    await storage.delete(key);
    await storage.put(key, Readable.from([tampered]));
    expect(expectProblem(await download(id), 409).code).toBe('DOCUMENT.INTEGRITY');
    expectProblem(await download(id, coordinator, '', { Range: 'bytes=0-3' }), 409);
    await storage.delete(key);
    expectProblem(await download(id), 409);
  });

  it('shows a restricted step document to its assignees only (404 for an unrelated approver)', async () => {
    const created = await upload(
      { name: 'reservado.pdf', bytes: pdfFile('reservado') },
      { workflowId, stepKey: 'review', restricted: 'true', kind: 'agency_opinion' },
    );
    expect(created.status).toBe(201);
    expect(created.body).toEqual(
      expect.objectContaining({ workflowId, stepKey: 'review', restricted: true }),
    );
    const id = created.body.id as string;
    const read = (token: string) =>
      app.http().get(`/api/v1/documents/${id}`).auth(token, { type: 'bearer' });
    expectProblem(await read(unrelated.token), 404);
    expectProblem(await download(id, unrelated.token), 404);
    const listed = await app
      .http()
      .get(`/api/v1/projects/${projectId}/documents?workflowId=${workflowId}`)
      .auth(unrelated.token, { type: 'bearer' });
    expect(listed.body.items.map((d: { id: string }) => d.id)).not.toContain(id);
    expect((await read(assignee.token)).status).toBe(200);
    const bytes = await download(id, assignee.token);
    expect(bytes.status).toBe(200);
    // The assignee may add a version to its step's document; the unrelated approver may not upload.
    const added = await send(`/api/v1/documents/${id}/versions`, assignee.token, [
      { name: 'file', fileName: 'reservado-2.pdf', bytes: pdfFile('respuesta') },
    ]);
    expect(added.status).toBe(201);
    expectProblem(await upload({ name: 'x.pdf', bytes: pdfFile() }, {}, unrelated.token), 403);
    expectProblem(
      await upload(
        { name: 'x.pdf', bytes: pdfFile() },
        { workflowId, stepKey: 'review' },
        unrelated.token,
      ),
      403,
    );
  });

  it('lists a project’s documents with filters, paginated', async () => {
    const stepDocument = await upload(
      { name: 'plano.png', bytes: pngFile(2, 2) },
      { workflowId, stepKey: 'review', kind: 'map' },
      assignee.token,
    );
    expect(stepDocument.status).toBe(201);
    const list = (query: string) =>
      app
        .http()
        .get(`/api/v1/projects/${projectId}/documents?${query}`)
        .auth(unrelated.token, { type: 'bearer' });
    const maps = await list(`kind=map&workflowId=${workflowId}&stepKey=review`);
    expect(maps.status).toBe(200);
    expect(maps.body.items.map((d: { id: string }) => d.id)).toEqual([stepDocument.body.id]);
    const firstPage = await list('limit=2&offset=0');
    expect(firstPage.body).toEqual(
      expect.objectContaining({ limit: 2, offset: 0, total: expect.any(Number) }),
    );
    expect(firstPage.body.items).toHaveLength(2);
    expect(firstPage.body.items[0].id).toBe(stepDocument.body.id); // newest first
    expectProblem(await list('kind=poem'), 400);
  });

  it('gives what a citing decision will record: each current version and its SHA-256', async () => {
    const first = pdfFile('cited v1');
    const second = pdfFile('cited v2');
    const created = await upload({ name: 'citado.pdf', bytes: first });
    const id = created.body.id as string;
    await send(`/api/v1/documents/${id}/versions`, coordinator, [
      { name: 'file', fileName: 'citado.pdf', bytes: second },
    ]);
    const documents = app.running.app.get(DocumentsService, { strict: false });
    const manager = app.running.app.get(DataSource).manager;
    await expect(documents.citations(manager, projectId, [id, id])).resolves.toEqual([
      { documentId: id, version: 2, sha256: sha256(second) },
    ]);
    const elsewhere = (await createProject(app, {}, coordinator)).id;
    await expect(documents.citations(manager, elsewhere, [id])).rejects.toMatchObject({
      code: 'DOCUMENT.NOT_CITABLE',
      errors: [{ field: 'documentIds[0]', message: 'is not a document of this project' }],
    });
  });

  interface StoredEvent {
    seq: number;
    type: string;
    actorId: string | null;
    data: Record<string, unknown>;
    hash: string;
  }

  /** The workflow's whole history, through the API. */
  async function history(): Promise<StoredEvent[]> {
    const response = await app
      .http()
      .get(`/api/v1/workflows/${workflowId}/events?limit=200`)
      .auth(coordinator, { type: 'bearer' });
    expect(response.status).toBe(200);
    return response.body.items as StoredEvent[];
  }

  async function expectVerified() {
    const check = await app
      .http()
      .get(`/api/v1/workflows/${workflowId}/events/verify`)
      .auth(coordinator, { type: 'bearer' });
    expect(check.status).toBe(200);
    expect(check.body).toEqual(
      expect.objectContaining({
        valid: true,
        firstBrokenSeq: null,
        signature: 'valid',
        replay: 'matches',
      }),
    );
  }

  it('records document_attached for a step’s document and each new version, in a chain that verifies', async () => {
    const first = pdfFile('MIA, first filing');
    const second = pdfFile('MIA, with the hydraulic annex');
    const before = (await history()).length;
    const created = await upload(
      { name: 'mia.pdf', bytes: first },
      { workflowId, stepKey: 'review', kind: 'environmental', title: 'MIA regional' },
    );
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const added = await send(`/api/v1/documents/${id}/versions`, assignee.token, [
      { name: 'file', fileName: 'mia-2.pdf', bytes: second },
    ]);
    expect(added.status).toBe(201);
    const attached = (await history()).slice(before);
    expect(attached).toEqual([
      expect.objectContaining({
        type: 'document_attached',
        actorId: coordinatorId,
        data: {
          stepKey: 'review',
          documentId: id,
          version: 1,
          sha256: sha256(first),
          title: 'MIA regional',
          kind: 'environmental',
        },
      }),
      expect.objectContaining({
        type: 'document_attached',
        actorId: assignee.user.id,
        data: expect.objectContaining({ documentId: id, version: 2, sha256: sha256(second) }),
      }),
    ]);
    await expectVerified();
    // A project document (no step) enters no workflow's history.
    const length = (await history()).length;
    expect((await upload({ name: 'general.pdf', bytes: pdfFile('general') })).status).toBe(201);
    expect(await history()).toHaveLength(length);
  });

  it('refuses a step the workflow lacks or another project’s workflow (400), writing nothing', async () => {
    const before = { keys: await storedKeys(), events: (await history()).length };
    const [{ count: rowsBefore }] = await app.sql<{ count: string }>(
      `SELECT count(*) FROM documents`,
    );
    const noStep = await upload(
      { name: 'x.pdf', bytes: pdfFile() },
      { workflowId, stepKey: 'no-such-step' },
    );
    expect(expectProblem(noStep, 400).errors).toEqual([
      expect.objectContaining({ field: 'stepKey' }),
    ]);
    const otherProject = await send(
      `/api/v1/projects/${(await createProject(app, {}, coordinator)).id}/documents`,
      coordinator,
      [
        { name: 'title', value: 'Elsewhere' },
        { name: 'kind', value: 'other' },
        { name: 'workflowId', value: workflowId },
        { name: 'stepKey', value: 'review' },
        { name: 'file', fileName: 'x.pdf', bytes: pdfFile() },
      ],
    );
    expect(expectProblem(otherProject, 400).errors).toEqual([
      expect.objectContaining({ field: 'workflowId' }),
    ]);
    expect(await storedKeys()).toEqual(before.keys);
    expect(await history()).toHaveLength(before.events);
    const [{ count: rowsAfter }] = await app.sql<{ count: string }>(
      `SELECT count(*) FROM documents`,
    );
    expect(rowsAfter).toBe(rowsBefore);
  });

  it('refuses a decision citing another project’s document (400 naming documentIds), writing nothing', async () => {
    const elsewhere = (await createProject(app, {}, coordinator)).id;
    const foreign = await send(`/api/v1/projects/${elsewhere}/documents`, coordinator, [
      { name: 'title', value: 'Another project’s file' },
      { name: 'kind', value: 'other' },
      { name: 'file', fileName: 'ajeno.pdf', bytes: pdfFile('ajeno') },
    ]);
    expect(foreign.status).toBe(201);
    const own = await upload({ name: 'propio.pdf', bytes: pdfFile('propio') });
    const before = await history();
    const decide = (documentIds: unknown) =>
      app
        .http()
        .post(`/api/v1/workflows/${workflowId}/steps/review/decisions`)
        .auth(assignee.token, { type: 'bearer' })
        .send({ decision: 'approve', documentIds });
    const refused = expectProblem(await decide([own.body.id, foreign.body.id]), 400);
    expect(refused.code).toBe('DOCUMENT.NOT_CITABLE');
    expect(refused.errors).toEqual([
      { field: 'documentIds[1]', message: 'is not a document of this project' },
    ]);
    const unknown = expectProblem(await decide([randomUUID()]), 400);
    expect(unknown.errors).toEqual([expect.objectContaining({ field: 'documentIds[0]' })]);
    const malformed = expectProblem(await decide(['not-a-uuid']), 400);
    expect(malformed.errors).toEqual([
      expect.objectContaining({ field: expect.stringMatching(/^documentIds/) }),
    ]);
    expect(await history()).toEqual(before);
    const [{ count }] = await app.sql<{ count: string }>(
      `SELECT count(*) FROM step_decisions d JOIN workflow_steps s ON s.id = d.step_id
        WHERE s.workflow_id = $1`,
      [workflowId],
    );
    expect(count).toBe('0');
  });

  it('records the SHA-256 of each cited version in the decision, and the chain verifies', async () => {
    const v1 = pdfFile('oficio v1');
    const v2 = pdfFile('oficio v2, signed');
    const oficio = await upload({ name: 'oficio.pdf', bytes: v1 }, { kind: 'agency_opinion' });
    const oficioId = oficio.body.id as string;
    await send(`/api/v1/documents/${oficioId}/versions`, coordinator, [
      { name: 'file', fileName: 'oficio.pdf', bytes: v2 },
    ]);
    const map = pngFile(3, 3);
    const plano = await upload({ name: 'plano.png', bytes: map }, { kind: 'map' });
    const decided = await app
      .http()
      .post(`/api/v1/workflows/${workflowId}/steps/review/decisions`)
      .auth(assignee.token, { type: 'bearer' })
      .send({ decision: 'approve', documentIds: [oficioId, plano.body.id, oficioId] });
    expect(decided.status).toBe(201);
    const recorded = (await history()).find((event) => event.type === 'decision_recorded')!;
    expect(recorded.data).toEqual(
      expect.objectContaining({
        stepKey: 'review',
        decision: 'approve',
        documents: [
          { documentId: oficioId, version: 2, sha256: sha256(v2) },
          { documentId: plano.body.id, version: 1, sha256: sha256(map) },
        ],
      }),
    );
    await expectVerified();
    // The hash covers the citation: the stored event cannot be pointed at another file unseen.
    await app.sql(
      `UPDATE workflow_events SET data = jsonb_set(data, '{documents,0,sha256}', to_jsonb($2::text))
        WHERE workflow_id = $1 AND seq = $3`,
      [workflowId, sha256(v1), recorded.seq],
    );
    const broken = await app
      .http()
      .get(`/api/v1/workflows/${workflowId}/events/verify`)
      .auth(coordinator, { type: 'bearer' });
    expect(broken.body).toEqual(
      expect.objectContaining({ valid: false, firstBrokenSeq: recorded.seq }),
    );
    await app.sql(
      `UPDATE workflow_events SET data = jsonb_set(data, '{documents,0,sha256}', to_jsonb($2::text))
        WHERE workflow_id = $1 AND seq = $3`,
      [workflowId, sha256(v2), recorded.seq],
    );
    await expectVerified();
    // A step's document may still be attached once the workflow is over (the permit).
    expect(decided.body.status).toBe('approved');
    const permit = await upload(
      { name: 'permiso.pdf', bytes: pdfFile('permit') },
      { workflowId, stepKey: 'review', kind: 'permit', title: 'Presidential Permit' },
    );
    expect(permit.status).toBe(201);
    expect((await history()).at(-1)).toEqual(
      expect.objectContaining({
        type: 'document_attached',
        data: expect.objectContaining({ kind: 'permit' }),
      }),
    );
    await expectVerified();
  });

  it('sweeps stored files that have no row, and only those', async () => {
    const kept = await upload({ name: 'kept.pdf', bytes: pdfFile('kept') });
    const orphan = randomUUID();
    await storage.put(orphan, Readable.from([Buffer.from('left by a failed upload')]));
    expect(await storedKeys()).toContain(orphan);
    const sweeper = app.running.app.get(DocumentSweeper, { strict: false });
    // Not yet past the grace period: kept.
    expect(await sweeper.sweep()).toBe(0);
    expect(await sweeper.sweep(new Date(Date.now() + 60_000))).toBe(1);
    expect(await storedKeys()).not.toContain(orphan);
    expect((await download(kept.body.id as string)).status).toBe(200);
  });
});
