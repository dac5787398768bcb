import type { EntityManager } from 'typeorm';
import { DomainError } from '@app/common/errors/domain-error';

/**
 * One cited document version as a workflow event records it (the engine's
 * `DocumentVersionRef`): the document, its version number and that version's hex SHA-256.
 */
export interface DocumentCitation {
  documentId: string;
  version: number;
  sha256: string;
}

/**
 * What a decision or a comment on a workflow of `projectId` records of the documents it cites
 * (`documentIds`, as the request gave them): each document's current version and that
 * version's SHA-256, in the order given, duplicates once. Runs on `manager`, so inside the
 * citing write's transaction: the version cited is the one current when the write commits
 * (a new version committed meanwhile is either wholly before or wholly after it).
 *
 * Throws `400` problem+json `DOCUMENT.NOT_CITABLE` when an id is no document of the project
 * (another project's, a deleted one, or no document at all), with one error per such id
 * naming `documentIds[i]` (its first index in the request). Restricted documents may be cited
 * by whoever may write the decision or the comment: the event records ids and hashes only.
 *
 * A plain function, not a service method, so that approvals, comments and anything else that
 * cites documents call it without depending on the documents module.
 *
 * @example
 * const documents = await documentCitations(manager, workflow.projectId, dto.documentIds ?? []);
 * // [{ documentId: '4b0d…', version: 2, sha256: '9f86d081…' }]
 */
export async function documentCitations(
  manager: EntityManager,
  projectId: string,
  documentIds: readonly string[],
): Promise<DocumentCitation[]> {
  const ids = [...new Set(documentIds)];
  if (ids.length === 0) return [];
  const rows = await manager.query<{ document_id: string; version: number; sha256: string }[]>(
    `SELECT d.id AS document_id, v.version, v.sha256
       FROM documents d
       JOIN document_versions v ON v.document_id = d.id AND v.version = d.current_version
      WHERE d.project_id = $1 AND d.id::text = ANY($2)`,
    [projectId, ids],
  );
  const found = new Map(rows.map((r) => [r.document_id, r]));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0)
    throw new DomainError(
      'invalid',
      'DOCUMENT.NOT_CITABLE',
      `Not documents of this project: ${missing.join(', ')}.`,
      missing.map((id) => ({
        field: `documentIds[${documentIds.indexOf(id)}]`,
        message: 'is not a document of this project',
      })),
    );
  return ids.map((id) => {
    const row = found.get(id)!;
    return { documentId: id, version: row.version, sha256: row.sha256 };
  });
}
