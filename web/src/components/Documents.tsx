import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api, call } from '../api/client';
import {
  DOCUMENT_KINDS,
  downloadDocument,
  uploadDocumentForm,
  type DocumentKind,
  type DocumentView,
  type UploadProgress,
} from '../api/documents';
import { ApiError, problemToFields } from '../api/problem';
import { fetchAll } from '../api/queries';
import { formatSize } from '../lib/sizes';
import { useLocale, useT, type MessageId } from '../i18n/i18n';
import { BusyButton, DateTime, ErrorAlert, Loading, useProblemText } from './common';
import { TableRegion } from './TableRegion';

/**
 * Every document of a project the reader may see (one list, however many pages), optionally
 * only those of one workflow. Query key `['documents', projectId, …]`: uploads invalidate it.
 */
export function useProjectDocuments(projectId: string | undefined, workflowId?: string) {
  return useQuery({
    queryKey: ['documents', projectId, workflowId ?? null],
    enabled: !!projectId,
    queryFn: () =>
      fetchAll((offset, limit) =>
        call(
          api.GET('/api/v1/projects/{id}/documents', {
            params: {
              path: { id: projectId! },
              query: { offset, limit, ...(workflowId ? { workflowId } : {}) },
            },
          }),
        ),
      ),
  });
}

/** A kind in words. */
export function useKindName(): (kind: DocumentKind) => string {
  const t = useT();
  return (kind) => t(`documents.kind.${kind}` as MessageId);
}

/**
 * A version's SHA-256 where an auditor looks for it: whole, monospace, selectable, with a
 * button that copies it and says so.
 */
export function Sha256({ value, version }: { value: string; version: number }) {
  const t = useT();
  const ref = useRef<HTMLElement>(null);
  const [said, setSaid] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setSaid(t('documents.copied', { version }));
    } catch {
      // No clipboard (an insecure context): select it, so Ctrl+C does it.
      const selection = window.getSelection();
      if (ref.current && selection) {
        const range = document.createRange();
        range.selectNodeContents(ref.current);
        selection.removeAllRanges();
        selection.addRange(range);
      }
      setSaid(t('documents.copyFailed'));
    }
  };
  return (
    <span className="sha256">
      <code className="mono sha256__value" ref={ref} data-sha256={value}>
        {value}
      </code>{' '}
      <button type="button" className="button button--secondary button--small" onClick={copy}>
        {t('documents.copy', { version })}
      </button>
      <span role="status" className="hint">
        {said ? ` ${said}` : ''}
      </span>
    </span>
  );
}

/** A button that downloads one version with the reader's token; failures shown beside it. */
function DownloadButton({
  documentId,
  version,
  fileName,
}: {
  documentId: string;
  version: number;
  fileName: string;
}) {
  const t = useT();
  const problemText = useProblemText();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      await downloadDocument(documentId, version, fileName);
    } catch (e) {
      setError(problemText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <BusyButton type="button" className="link-button" onClick={download} busy={busy}>
        {busy ? t('documents.downloading') : t('documents.download', { file: fileName, version })}
      </BusyButton>
      {error && (
        <span className="field-error" role="alert">
          {' '}
          {error}
        </span>
      )}
    </>
  );
}

/** The form fields of an upload, as the service names them. */
const UPLOAD_FIELDS = ['title', 'kind', 'restricted', 'file', 'note'] as const;
type UploadField = (typeof UPLOAD_FIELDS)[number];

/** What a refused upload says on which field: by the problem's code and status first. */
function useUploadErrors() {
  const t = useT();
  const problemText = useProblemText();
  return (error: unknown): Partial<Record<UploadField | 'general', string>> => {
    if (!(error instanceof ApiError)) return { general: problemText(error) };
    if (error.status === 413) return { file: t('documents.error.tooLarge') };
    if (error.status === 415) return { file: t('documents.error.type') };
    if (error.status !== 400) return { general: problemText(error) };
    const { byField } = problemToFields(error.problem, UPLOAD_FIELDS);
    const errors: Partial<Record<UploadField | 'general', string>> = {};
    if (byField.title) errors.title = t('documents.error.title');
    if (byField.kind) errors.kind = t('documents.error.kind');
    if (byField.note) errors.note = t('documents.error.note');
    if (byField.file || /^DOCUMENT\.(EMPTY_FILE|BAD_FILE_NAME)$/.test(error.problem.code ?? ''))
      errors.file = t('documents.error.badFile');
    if (Object.keys(errors).length === 0) errors.general = problemText(error);
    return errors;
  };
}

/** The upload's progress bar (and what it says), from the XMLHttpRequest's upload events. */
function Progress({ id, progress }: { id: string; progress: UploadProgress | null }) {
  const t = useT();
  if (!progress) return null;
  const fraction = progress.total > 0 ? progress.loaded / progress.total : 0;
  const complete = fraction >= 1;
  return (
    <div className="field upload-progress">
      <label htmlFor={`${id}-progress`}>{t('documents.upload.progress')}</label>
      <progress id={`${id}-progress`} max={100} value={Math.round(fraction * 100)} />
      <p className="hint" aria-live="polite">
        {complete
          ? t('documents.upload.complete')
          : t('documents.upload.percent', { percent: fraction })}
      </p>
    </div>
  );
}

/**
 * Uploads a new document to a project, or to a step of one of its workflows (`target`): title,
 * kind, restricted, file — sent as multipart in that order (the service reads the fields
 * before the file), with a progress bar. The refusal lands on its field.
 */
export function UploadDocument({
  projectId,
  target,
  heading,
  onDone,
}: {
  projectId: string;
  target?: { workflowId: string; stepKey: string };
  heading: string;
  onDone?: () => void;
}) {
  const t = useT();
  const id = useId();
  const queryClient = useQueryClient();
  const toErrors = useUploadErrors();
  const formRef = useRef<HTMLFormElement>(null);
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<DocumentKind | ''>('');
  const [restricted, setRestricted] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [errors, setErrors] = useState<Partial<Record<UploadField | 'general', string>>>({});
  const [done, setDone] = useState<string | null>(null);
  const doneRef = useRef<HTMLDivElement>(null);

  const upload = useMutation({
    mutationFn: () => {
      const form = new FormData();
      form.append('title', title.trim());
      form.append('kind', kind);
      form.append('restricted', String(restricted));
      if (target) {
        form.append('workflowId', target.workflowId);
        form.append('stepKey', target.stepKey);
      }
      form.append('file', file!);
      return uploadDocumentForm(`/api/v1/projects/${projectId}/documents`, form, setProgress);
    },
    onSuccess: (document: DocumentView) => {
      void queryClient.invalidateQueries({ queryKey: ['documents', projectId] });
      if (target)
        void queryClient.invalidateQueries({ queryKey: ['workflow-events', target.workflowId] });
      setDone(
        t('documents.upload.done', {
          title: document.title,
          version: document.version,
          sha256: document.sha256,
        }),
      );
      setTitle('');
      setKind('');
      setRestricted(false);
      setFile(null);
      formRef.current?.reset();
      onDone?.();
    },
    onError: (error) => {
      setProgress(null);
      const next = toErrors(error);
      setErrors(next);
      focusFirst(id, next);
    },
  });

  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: typeof errors = {};
    if (!title.trim()) next.title = t('documents.error.title');
    if (!kind) next.kind = t('documents.error.kind');
    if (!file) next.file = t('documents.error.file');
    setErrors(next);
    setDone(null);
    if (Object.keys(next).length > 0) {
      focusFirst(id, next);
      return;
    }
    setProgress({ loaded: 0, total: file!.size || 1 });
    upload.mutate();
  };

  return (
    <section className="upload" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{heading}</h3>
      <div ref={doneRef} tabIndex={-1} role="status" aria-live="polite">
        {done && (
          <div className="alert alert--success">
            <p className="break-anywhere">{done}</p>
          </div>
        )}
      </div>
      {errors.general && (
        <div className="alert alert--error" role="alert">
          <p>{errors.general}</p>
        </div>
      )}
      <form className="form" onSubmit={submit} noValidate ref={formRef}>
        <TextField
          id={`${id}-title`}
          label={t('documents.upload.titleField')}
          value={title}
          onChange={setTitle}
          error={errors.title}
        />
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t('documents.upload.kind')}</label>
          <select
            id={`${id}-kind`}
            value={kind}
            onChange={(e) => setKind(e.target.value as DocumentKind)}
            aria-invalid={!!errors.kind}
            aria-describedby={errors.kind ? `${id}-kind-error` : undefined}
          >
            <option value="">{t('documents.upload.choose')}</option>
            {DOCUMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`documents.kind.${k}` as MessageId)}
              </option>
            ))}
          </select>
          {errors.kind && (
            <p className="field-error" id={`${id}-kind-error`}>
              {errors.kind}
            </p>
          )}
        </div>
        <div className="field">
          <span className="checkbox">
            <input
              type="checkbox"
              id={`${id}-restricted`}
              checked={restricted}
              onChange={(e) => setRestricted(e.target.checked)}
              aria-describedby={`${id}-restricted-hint`}
            />
            <label htmlFor={`${id}-restricted`}>{t('documents.upload.restricted')}</label>
          </span>
          <p className="hint" id={`${id}-restricted-hint`}>
            {t('documents.upload.restrictedHint')}
          </p>
        </div>
        <FileField id={`${id}-file`} onChange={setFile} error={errors.file} />
        <Progress id={id} progress={progress} />
        <div>
          <BusyButton type="submit" className="button" busy={upload.isPending}>
            {upload.isPending ? t('documents.upload.sending') : t('documents.upload.submit')}
          </BusyButton>
        </div>
      </form>
    </section>
  );
}

/** Adds a version to a document: a file and an optional note, with a progress bar. */
function AddVersion({
  document,
  onClose,
}: {
  document: DocumentView;
  onClose: (uploaded: DocumentView | null) => void;
}) {
  const t = useT();
  const id = useId();
  const queryClient = useQueryClient();
  const toErrors = useUploadErrors();
  const [note, setNote] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [errors, setErrors] = useState<Partial<Record<UploadField | 'general', string>>>({});
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  const upload = useMutation({
    mutationFn: () => {
      const form = new FormData();
      if (note.trim()) form.append('note', note.trim());
      form.append('file', file!);
      return uploadDocumentForm(`/api/v1/documents/${document.id}/versions`, form, setProgress);
    },
    onSuccess: (updated) => {
      void queryClient.invalidateQueries({ queryKey: ['documents', document.projectId] });
      if (document.workflowId)
        void queryClient.invalidateQueries({ queryKey: ['workflow-events', document.workflowId] });
      onClose(updated);
    },
    onError: (error) => {
      setProgress(null);
      const next = toErrors(error);
      setErrors(next);
      focusFirst(id, next);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setErrors({ file: t('documents.error.file') });
      focusFirst(id, { file: 'x' });
      return;
    }
    setErrors({});
    setProgress({ loaded: 0, total: file.size || 1 });
    upload.mutate();
  };
  return (
    <section className="upload" aria-labelledby={`${id}-heading`}>
      <h4 id={`${id}-heading`} tabIndex={-1} ref={headingRef}>
        {t('documents.addVersion.title', { title: document.title })}
      </h4>
      {errors.general && (
        <div className="alert alert--error" role="alert">
          <p>{errors.general}</p>
        </div>
      )}
      <form className="form" onSubmit={submit} noValidate>
        <FileField id={`${id}-file`} onChange={setFile} error={errors.file} />
        <div className="field">
          <label htmlFor={`${id}-note`}>{t('documents.addVersion.note')}</label>
          <textarea
            id={`${id}-note`}
            value={note}
            maxLength={2000}
            onChange={(e) => setNote(e.target.value)}
            aria-invalid={!!errors.note}
          />
          {errors.note && <p className="field-error">{errors.note}</p>}
        </div>
        <Progress id={id} progress={progress} />
        <div>
          <BusyButton type="submit" className="button" busy={upload.isPending}>
            {upload.isPending ? t('documents.upload.sending') : t('documents.addVersion.submit')}
          </BusyButton>{' '}
          <BusyButton
            type="button"
            className="button button--secondary"
            onClick={() => onClose(null)}
            busy={upload.isPending}
          >
            {t('common.cancel')}
          </BusyButton>
        </div>
      </form>
    </section>
  );
}

function TextField({
  id,
  label,
  value,
  onChange,
  error,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        type="text"
        id={id}
        value={value}
        maxLength={500}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={!!error}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

function FileField({
  id,
  onChange,
  error,
}: {
  id: string;
  onChange: (file: File | null) => void;
  error?: string;
}) {
  const t = useT();
  return (
    <div className="field">
      <label htmlFor={id}>{t('documents.upload.file')}</label>
      <p className="hint" id={`${id}-hint`}>
        {t('documents.upload.fileHint')}
      </p>
      <input
        type="file"
        id={id}
        accept=".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.odt,.ods,.csv,.txt"
        onChange={(e) => onChange(e.target.files?.[0] ?? null)}
        aria-invalid={!!error}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
      />
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** Moves the focus to the first field the errors name (in the form's order). */
function focusFirst(id: string, errors: Partial<Record<string, string>>) {
  const first = ['title', 'kind', 'file', 'note'].find((field) => errors[field]);
  if (first) document.getElementById(`${id}-${first}`)?.focus();
}

/**
 * One document: its latest version (file, size, when, SHA-256, download), every version in a
 * disclosure table, and — for those who may — a new version.
 */
export function DocumentCard({
  document,
  canUpload,
  stepName,
  headingLevel = 3,
}: {
  document: DocumentView;
  canUpload: boolean;
  stepName?: string;
  headingLevel?: 3 | 4;
}) {
  const t = useT();
  const { formatLocale } = useLocale();
  const kindName = useKindName();
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<string | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  const versions = [...document.versions].reverse();
  const versionsId = useId();
  return (
    <li className="card document" data-document-id={document.id}>
      <Heading>
        {document.title} <span className="tag tag--pending">{kindName(document.kind)}</span>{' '}
        {document.restricted && (
          <span className="tag tag--changes_requested">{t('documents.restricted')}</span>
        )}
      </Heading>
      <dl className="meta">
        <div>
          <dt>{t('documents.version')}</dt>
          <dd>{document.version}</dd>
        </div>
        <div>
          <dt>{t('documents.file')}</dt>
          <dd className="break-anywhere">{document.fileName}</dd>
        </div>
        <div>
          <dt>{t('documents.size')}</dt>
          <dd>{formatSize(document.size, formatLocale)}</dd>
        </div>
        <div>
          <dt>{t('documents.uploaded')}</dt>
          <dd>
            <DateTime value={document.uploadedAt} />
          </dd>
        </div>
        {stepName && (
          <div>
            <dt>{t('documents.step')}</dt>
            <dd>{stepName}</dd>
          </div>
        )}
      </dl>
      <p className="document__sha">
        <span title={t('documents.sha256.hint')}>{t('documents.sha256')}:</span>{' '}
        <Sha256 value={document.sha256} version={document.version} />
      </p>
      <p>
        <DownloadButton
          documentId={document.id}
          version={document.version}
          fileName={document.fileName}
        />
      </p>
      <details>
        <summary>{t('documents.versions', { count: document.versions.length })}</summary>
        <p className="hint">{t('documents.sha256.hint')}</p>
        <TableRegion labelledBy={versionsId}>
          <table>
            <caption id={versionsId} className="visually-hidden">
              {t('documents.versions.caption', { title: document.title })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('documents.version')}</th>
                <th scope="col">{t('documents.file')}</th>
                <th scope="col">{t('documents.uploaded')}</th>
                <th scope="col">{t('documents.sha256')}</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.version}>
                  <th scope="row">{v.version}</th>
                  <td>
                    <span className="break-anywhere">{v.fileName}</span>
                    <br />
                    <span className="hint">{formatSize(v.size, formatLocale)}</span>
                    {v.note && <blockquote className="comment">{v.note}</blockquote>}
                    <br />
                    <DownloadButton
                      documentId={document.id}
                      version={v.version}
                      fileName={v.fileName}
                    />
                  </td>
                  <td>
                    <DateTime value={v.uploadedAt} />
                  </td>
                  <td>
                    <Sha256 value={v.sha256} version={v.version} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      </details>
      <div role="status" aria-live="polite">
        {added && (
          <div className="alert alert--success">
            <p className="break-anywhere">{added}</p>
          </div>
        )}
      </div>
      {canUpload && !adding && (
        <p>
          <button
            type="button"
            className="button button--secondary button--small"
            ref={addButton}
            onClick={() => {
              setAdded(null);
              setAdding(true);
            }}
          >
            {t('documents.addVersion', { title: document.title })}
          </button>
        </p>
      )}
      {adding && (
        <AddVersion
          document={document}
          onClose={(uploaded) => {
            setAdding(false);
            if (uploaded)
              setAdded(
                t('documents.upload.done', {
                  title: uploaded.title,
                  version: uploaded.version,
                  sha256: uploaded.sha256,
                }),
              );
            setTimeout(() => addButton.current?.focus(), 0);
          }}
        />
      )}
    </li>
  );
}

/**
 * The project's documents (its expediente): a kind filter, the list, and the upload form for
 * those who may upload (coordinators and admins).
 */
export function ProjectDocuments({
  projectId,
  canUpload,
  stepNames,
}: {
  projectId: string;
  canUpload: boolean;
  stepNames?: (workflowId: string, stepKey: string) => string | undefined;
}) {
  const t = useT();
  const id = useId();
  const [kind, setKind] = useState<DocumentKind | ''>('');
  const documents = useProjectDocuments(projectId);
  const shown = (documents.data ?? []).filter((d) => !kind || d.kind === kind);
  return (
    <section aria-labelledby={`${id}-title`} className="documents">
      <h2 id={`${id}-title`}>{t('documents.title')}</h2>
      <p className="hint">{t('documents.intro')}</p>
      <div className="filters">
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t('documents.filter.kind')}</label>
          <select
            id={`${id}-kind`}
            value={kind}
            onChange={(e) => setKind(e.target.value as DocumentKind | '')}
          >
            <option value="">{t('documents.filter.all')}</option>
            {DOCUMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`documents.kind.${k}` as MessageId)}
              </option>
            ))}
          </select>
        </div>
        <p role="status" className="hint">
          {documents.data ? t('documents.count', { count: shown.length }) : ''}
        </p>
      </div>
      {documents.isPending && <Loading />}
      <ErrorAlert error={documents.error} />
      {documents.data &&
        (shown.length === 0 ? (
          <p>{t('documents.none')}</p>
        ) : (
          <ul className="cards documents__list">
            {shown.map((d) => (
              <DocumentCard
                key={d.id}
                document={d}
                canUpload={canUpload}
                stepName={
                  d.workflowId && d.stepKey
                    ? (stepNames?.(d.workflowId, d.stepKey) ?? d.stepKey)
                    : undefined
                }
              />
            ))}
          </ul>
        ))}
      {canUpload && <UploadDocument projectId={projectId} heading={t('documents.upload.title')} />}
    </section>
  );
}

/**
 * The documents attached to one step, on the workflow page, and (for those who may) a form to
 * attach another: a `document_attached` enters the workflow's history.
 */
export function StepDocuments({
  projectId,
  workflowId,
  stepKey,
  stepName,
  documents,
  canUpload,
}: {
  projectId: string;
  workflowId: string;
  stepKey: string;
  stepName: string;
  documents: DocumentView[];
  canUpload: boolean;
}) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <div className="step-documents">
      <h4>{t('documents.step.title', { step: stepName })}</h4>
      {documents.length === 0 ? (
        <p className="hint">{t('documents.step.none')}</p>
      ) : (
        <ul className="cards">
          {documents.map((d) => (
            <DocumentCard key={d.id} document={d} canUpload={canUpload} headingLevel={4} />
          ))}
        </ul>
      )}
      {canUpload && !open && (
        <p>
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => setOpen(true)}
          >
            {t('documents.step.attach', { step: stepName })}
          </button>
        </p>
      )}
      {canUpload && open && (
        <UploadDocument
          projectId={projectId}
          target={{ workflowId, stepKey }}
          heading={t('documents.step.attach', { step: stepName })}
        />
      )}
    </div>
  );
}
