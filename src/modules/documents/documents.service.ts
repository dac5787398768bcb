import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID, createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError, invalidField, notFound } from '@app/common/errors/domain-error';
import { page } from '@app/common/http/pagination';
import { InjectConfig, type RuntimeConfig } from '@app/config/runtime-config';
import type { Actor } from '@app/modules/identity/auth/auth-user';
import { WorkflowsService } from '@app/modules/approvals/workflows.service';
import {
  DocumentView,
  type ListDocumentsQuery,
  MAX_NOTE_LENGTH,
  MAX_TITLE_LENGTH,
} from './dto/document.dto';
import { DocumentVersion } from './entities/document-version.entity';
import { DOCUMENT_KINDS, Document, type DocumentKind } from './entities/document.entity';
import { DOCUMENT_STORAGE, type ByteRange, type DocumentStorage } from './storage/document-storage';
import { type DocumentCitation, documentCitations } from './citations';
import { receiveUpload } from './upload';

/** What a new document's form said, checked and authorized. */
interface NewDocument {
  title: string;
  kind: DocumentKind;
  workflowId: string | null;
  stepKey: string | null;
  restricted: boolean;
}

/** A version ready to be served: its row, checked against its stored bytes. */
export interface VerifiedContent {
  version: DocumentVersion;
  /** The bytes (whole, or the range asked for); read only after the whole file verified. */
  open(range?: ByteRange): Promise<Readable>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Documents of projects and their versions (the contract's "Documents — the expediente").
 * Bytes go to `DocumentStorage` before their row commits; a row whose write fails leaves a
 * stored file that `DocumentSweeper` removes later, never a row without its file.
 *
 * The workflow history: a step's document (a new one, or a new version of one) records
 * `document_attached` through `WorkflowsService.attachDocument` in the transaction that
 * commits its row, so the row and the event commit together or not at all. Decisions and
 * comments citing documents take their versions from `documentCitations` (./citations).
 */
@Injectable()
export class DocumentsService {
  private readonly logger = new Logger('Documents');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(DOCUMENT_STORAGE) private readonly storage: DocumentStorage,
    @InjectConfig() private readonly config: RuntimeConfig,
    private readonly workflows: WorkflowsService,
  ) {}

  /** `POST /projects/:id/documents`: 404 no project, 403 not an uploader, then the form's. */
  async upload(projectId: string, request: IncomingMessage, caller: Actor): Promise<DocumentView> {
    const project = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM projects WHERE id = $1`,
      [projectId],
    );
    if (project.length === 0) throw notFound('project', projectId);
    // Before a byte is read: someone who may upload nothing at all is not made to send it
    // (one who signs for nobody, in a seat of their own or one lent by a delegation).
    if (!isCoordinator(caller) && (await this.workflows.assigneesSignedBy(caller)).length === 0)
      throw notAnUploader();

    const key = randomUUID();
    let form: NewDocument | undefined;
    const { file } = await receiveUpload(request, {
      key,
      storage: this.storage,
      maxBytes: this.config.maxUploadBytes,
      fields: ['title', 'kind', 'workflowId', 'stepKey', 'restricted'],
      accept: async (fields) => {
        form = await this.checkNewDocument(projectId, fields, caller);
      },
    });
    const checked = form as NewDocument;
    return this.commitOrForget(key, async (manager) => {
      const document = await manager.save(
        manager.create(Document, {
          projectId,
          ...checked,
          currentVersion: 1,
          createdBy: caller.id,
          uploaderAgencyId: caller.agencyId,
        }),
      );
      const version = await manager.save(
        manager.create(DocumentVersion, {
          id: key,
          documentId: document.id,
          version: 1,
          ...file,
          note: null,
          uploadedBy: caller.id,
        }),
      );
      return {
        view: DocumentView.of(document, [version]),
        afterCommit: await this.attached(manager, document, version, caller),
      };
    });
  }

  /** `POST /documents/:id/versions`: 404 unseen, 403 not an uploader of its step or project. */
  async addVersion(id: string, request: IncomingMessage, caller: Actor): Promise<DocumentView> {
    const document = await this.visible(this.dataSource.manager, id, caller);
    await this.checkUploader(document.workflowId, document.stepKey, caller);
    const key = randomUUID();
    let note: string | null = null;
    const { file } = await receiveUpload(request, {
      key,
      storage: this.storage,
      maxBytes: this.config.maxUploadBytes,
      fields: ['note'],
      accept: async (fields) => {
        note = fields.note?.trim() || null;
        if (note && note.length > MAX_NOTE_LENGTH)
          throw invalidField('note', `must be at most ${MAX_NOTE_LENGTH} characters`);
      },
    });
    return this.commitOrForget(key, async (manager) => {
      // The row lock orders concurrent new versions of one document.
      const locked = await manager.findOneOrFail(Document, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      locked.currentVersion += 1;
      const version = await manager.save(
        manager.create(DocumentVersion, {
          id: key,
          documentId: id,
          version: locked.currentVersion,
          ...file,
          note,
          uploadedBy: caller.id,
        }),
      );
      await manager.save(locked);
      const afterCommit = await this.attached(manager, locked, version, caller);
      return { view: DocumentView.of(locked, await this.versionsOf(manager, id)), afterCommit };
    });
  }

  /**
   * For a step's document, records `document_attached` with this version in the workflow's
   * history, in the row's transaction; returns what to run after the commit.
   */
  private async attached(
    manager: EntityManager,
    document: Document,
    version: DocumentVersion,
    caller: Actor,
  ): Promise<() => void> {
    if (!document.workflowId || !document.stepKey) return () => undefined;
    return this.workflows.attachDocument(
      manager,
      document.workflowId,
      {
        stepKey: document.stepKey,
        documentId: document.id,
        version: version.version,
        sha256: version.sha256,
        title: document.title,
        kind: document.kind,
      },
      caller,
    );
  }

  /** `GET /projects/:id/documents`: the documents the caller may see, newest first. */
  async list(projectId: string, query: ListDocumentsQuery, caller: Actor) {
    const manager = this.dataSource.manager;
    const project = await manager.query<unknown[]>(`SELECT 1 FROM projects WHERE id = $1`, [
      projectId,
    ]);
    if (project.length === 0) throw notFound('project', projectId);
    const builder = manager
      .createQueryBuilder(Document, 'd')
      .where('d.project_id = :projectId', { projectId })
      .orderBy('d.created_at', 'DESC')
      .addOrderBy('d.id', 'ASC')
      .take(query.limit)
      .skip(query.offset);
    if (query.kind) builder.andWhere('d.kind = :kind', { kind: query.kind });
    if (query.workflowId)
      builder.andWhere('d.workflow_id = :workflowId', { workflowId: query.workflowId });
    if (query.stepKey) builder.andWhere('d.step_key = :stepKey', { stepKey: query.stepKey });
    const visibility = await this.visibleTo(caller);
    if (visibility) builder.andWhere(visibility.sql, visibility.params);
    const [documents, total] = await builder.getManyAndCount();
    const versions = documents.length
      ? await manager
          .createQueryBuilder(DocumentVersion, 'v')
          .where('v.document_id IN (:...ids)', { ids: documents.map((d) => d.id) })
          .orderBy('v.version', 'ASC')
          .getMany()
      : [];
    const items = documents.map((d) =>
      DocumentView.of(
        d,
        versions.filter((v) => v.documentId === d.id),
      ),
    );
    return page(items, total, query);
  }

  /** `GET /documents/:id`: 404 when missing or restricted from the caller. */
  async get(id: string, caller: Actor): Promise<DocumentView> {
    const manager = this.dataSource.manager;
    const document = await this.visible(manager, id, caller);
    return DocumentView.of(document, await this.versionsOf(manager, id));
  }

  /**
   * The bytes of a version (default the latest), refused with `409` — and logged — when the
   * stored file is missing or no longer hashes to its SHA-256. The whole file is hashed
   * before anything is served, a Range request included: a range cannot be checked against
   * the file's one hash, so serving it unchecked could hand out altered bytes. The cost is
   * one extra read of the file per download.
   */
  async content(
    id: string,
    versionNumber: number | undefined,
    caller: Actor,
  ): Promise<VerifiedContent> {
    const manager = this.dataSource.manager;
    const document = await this.visible(manager, id, caller);
    const version = await manager.findOneBy(DocumentVersion, {
      documentId: id,
      version: versionNumber ?? document.currentVersion,
    });
    if (!version) throw notFound('version', `${id}/${versionNumber}`);
    const actual = await this.hashStored(version.id);
    if (actual !== version.sha256) {
      this.logger.error(
        `Document ${id} version ${version.version} (stored as ${version.id}) fails its check: ` +
          `SHA-256 ${actual ?? 'unreadable'}, recorded ${version.sha256}; download refused`,
      );
      throw new DomainError(
        'conflict',
        'DOCUMENT.INTEGRITY',
        'The stored file no longer matches its SHA-256; it is not served. The incident is logged.',
      );
    }
    return { version, open: (range) => this.storage.get(version.id, range) };
  }

  /** {@link documentCitations}, kept on the service for callers that hold it. */
  citations(
    manager: EntityManager,
    projectId: string,
    documentIds: string[],
  ): Promise<DocumentCitation[]> {
    return documentCitations(manager, projectId, documentIds);
  }

  /** The hex SHA-256 of a stored file, or null when it cannot be read. */
  private async hashStored(key: string): Promise<string | null> {
    const hash = createHash('sha256');
    try {
      await pipeline(await this.storage.get(key), hash);
      return hash.digest('hex');
    } catch {
      return null;
    }
  }

  /**
   * Runs the row's transaction; if it fails, the file already stored goes (else the sweeper).
   * Once it has committed, runs the work's `afterCommit` (queueing the jobs the history's write decided).
   */
  private async commitOrForget<T>(
    key: string,
    work: (manager: EntityManager) => Promise<{ view: T; afterCommit: () => void }>,
  ): Promise<T> {
    let committed: { view: T; afterCommit: () => void };
    try {
      committed = await this.dataSource.transaction(work);
    } catch (error) {
      await this.storage.delete(key).catch(() => undefined);
      throw error;
    }
    committed.afterCommit();
    return committed.view;
  }

  private async visible(manager: EntityManager, id: string, caller: Actor): Promise<Document> {
    const builder = manager.createQueryBuilder(Document, 'd').where('d.id = :id', { id });
    const visibility = await this.visibleTo(caller);
    if (visibility) builder.andWhere(visibility.sql, visibility.params);
    const document = await builder.getOne();
    if (!document) throw notFound('document', id);
    return document;
  }

  private versionsOf(manager: EntityManager, id: string) {
    return manager.find(DocumentVersion, { where: { documentId: id }, order: { version: 'ASC' } });
  }

  /** Checks a new document's form fields and whether the caller may upload it. */
  private async checkNewDocument(
    projectId: string,
    fields: Record<string, string>,
    caller: Actor,
  ): Promise<NewDocument> {
    const title = fields.title?.trim() ?? '';
    if (!title || title.length > MAX_TITLE_LENGTH)
      throw invalidField('title', `must be 1–${MAX_TITLE_LENGTH} characters (send it before file)`);
    const kind = fields.kind as DocumentKind;
    if (!DOCUMENT_KINDS.includes(kind))
      throw invalidField('kind', `must be one of ${DOCUMENT_KINDS.join(', ')}`);
    const restrictedRaw = fields.restricted ?? 'false';
    if (restrictedRaw !== 'true' && restrictedRaw !== 'false')
      throw invalidField('restricted', 'must be true or false');
    const workflowId = fields.workflowId || null;
    const stepKey = fields.stepKey || null;
    if ((workflowId === null) !== (stepKey === null))
      throw invalidField(
        workflowId ? 'stepKey' : 'workflowId',
        'workflowId and stepKey are given together or not at all',
      );
    if (workflowId !== null && stepKey !== null) {
      if (!UUID.test(workflowId)) throw invalidField('workflowId', 'must be a UUID');
      const [workflow] = await this.dataSource.query<{ project_id: string; steps: string[] }[]>(
        `SELECT w.project_id,
                ARRAY(SELECT s->>'key' FROM jsonb_array_elements(c.definition->'steps') s) AS steps
           FROM workflows w JOIN approval_chains c ON c.id = w.chain_id WHERE w.id = $1`,
        [workflowId],
      );
      if (!workflow || workflow.project_id !== projectId)
        throw invalidField('workflowId', 'is not a workflow of this project');
      if (!workflow.steps.includes(stepKey))
        throw invalidField('stepKey', 'is not a step of this workflow');
    }
    await this.checkUploader(workflowId, stepKey, caller);
    return { title, kind, workflowId, stepKey, restricted: restrictedRaw === 'true' };
  }

  /**
   * Who uploads (the contract): a coordinator or an admin; for a step's document, also
   * anyone who may sign for one of the step's assignees — in a seat of their own or one an
   * active delegation lends them, as the workflow runs the step (`WorkflowsService.maySignOn`,
   * the rule decisions apply). Else 403.
   */
  private async checkUploader(workflowId: string | null, stepKey: string | null, caller: Actor) {
    if (isCoordinator(caller)) return;
    if (workflowId && stepKey && (await this.workflows.maySignOn(workflowId, stepKey, caller)))
      return;
    throw notAnUploader();
  }

  /**
   * The SQL condition (on `documents d`) of the documents the caller may see, or undefined when
   * they see all (admins and coordinators). A restricted document is seen by the uploader's
   * agency, the assignees of its step (whoever signs for one, a delegate included), its
   * workflow's coordinator and the co-chairs of the project's technical group; an unrestricted
   * one by everyone.
   */
  private async visibleTo(
    caller: Actor,
  ): Promise<{ sql: string; params: Record<string, unknown> } | undefined> {
    if (isCoordinator(caller)) return undefined;
    return visibleTo(caller, await this.workflows.assigneesSignedBy(caller));
  }
}

const isCoordinator = (caller: Actor) =>
  caller.roles.includes('admin') || caller.roles.includes('coordinator');

const notAnUploader = () =>
  new DomainError(
    'forbidden',
    'DOCUMENT.NOT_AN_UPLOADER',
    'Documents are uploaded by coordinators and admins, and a step’s also by those who sign for its assignees.',
  );

/** See `DocumentsService.visibleTo`; `signsFor`: the assignees the caller signs for now. */
function visibleTo(
  caller: Actor,
  signsFor: string[],
): { sql: string; params: Record<string, unknown> } {
  return {
    sql: `(d.restricted = false
      OR d.uploader_agency_id = :callerAgencyId
      OR EXISTS (SELECT 1 FROM projects p JOIN technical_groups g ON g.id = p.technical_group_id
                  WHERE p.id = d.project_id AND :callerId IN (g.co_chair_mx_id, g.co_chair_us_id))
      OR EXISTS (SELECT 1 FROM workflows w WHERE w.id = d.workflow_id AND w.coordinator_id = :callerId)
      OR EXISTS (SELECT 1 FROM workflows w JOIN approval_chains c ON c.id = w.chain_id
                  CROSS JOIN LATERAL jsonb_array_elements(c.definition->'steps') s
                  CROSS JOIN LATERAL jsonb_array_elements(s->'assignees') a
                  WHERE w.id = d.workflow_id AND s->>'key' = d.step_key
                    AND (CASE WHEN a->>'agency' IS NOT NULL THEN 'agency:' || (a->>'agency')
                              WHEN a->>'projectGroup' = 'true' THEN 'group:' || w.project_group
                              ELSE 'group:' || (a->>'technicalGroup') END) = ANY(:callerSignsFor)))`,
    params: {
      callerAgencyId: caller.agencyId,
      callerId: caller.id,
      callerSignsFor: signsFor,
    },
  };
}
