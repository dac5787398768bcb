import { api, call, withAccessToken, type Schemas } from './client';
import { ApiError, toProblem } from './problem';

export type DocumentView = Schemas['DocumentView'];
export type DocumentKind = DocumentView['kind'];

/** The contract's kinds, in the order the app offers them. */
export const DOCUMENT_KINDS: readonly DocumentKind[] = [
  'technical_file',
  'environmental',
  'agency_opinion',
  'minutes',
  'permit',
  'map',
  'other',
];

/** How far an upload has gone: bytes of the request body handed to the network so far. */
export interface UploadProgress {
  loaded: number;
  total: number;
}

interface XhrAnswer {
  status: number;
  body: unknown;
}

function sendForm(
  url: string,
  form: FormData,
  token: string | null,
  onProgress: (progress: UploadProgress) => void,
): Promise<XhrAnswer> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.responseType = 'text';
    xhr.setRequestHeader('Accept', 'application/json');
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress({ loaded: event.loaded, total: event.total });
    });
    xhr.upload.addEventListener('load', () => onProgress({ loaded: 1, total: 1 }));
    xhr.addEventListener('load', () => {
      let body: unknown;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = undefined;
      }
      resolve({ status: xhr.status, body });
    });
    // A refused upload may be answered (413) and the connection closed before the browser has
    // sent everything; it then reports a network error rather than the answer.
    xhr.addEventListener('error', () => resolve({ status: 0, body: undefined }));
    xhr.addEventListener('abort', () => resolve({ status: 0, body: undefined }));
    xhr.send(form);
  });
}

/**
 * Posts a multipart form (a new document, or a new version) through XMLHttpRequest, whose
 * upload events `fetch` does not give, reporting progress as the bytes leave. Resolves with
 * the document; rejects with an {@link ApiError} carrying the problem+json (status 0 when the
 * connection failed).
 */
export async function uploadDocumentForm(
  url: string,
  form: FormData,
  onProgress: (progress: UploadProgress) => void,
): Promise<DocumentView> {
  const answer = await withAccessToken((token) => sendForm(url, form, token, onProgress));
  if (answer.status >= 200 && answer.status < 300) return answer.body as DocumentView;
  if (answer.status === 0) throw new ApiError({ status: 0, code: 'NETWORK' });
  throw new ApiError(toProblem(answer.status, answer.body));
}

/**
 * Downloads a version's bytes with the reader's token (a plain link would carry none) and
 * hands them to the browser as a file named `fileName`.
 */
export async function downloadDocument(
  id: string,
  version: number,
  fileName: string,
): Promise<void> {
  const blob = (await call(
    api.GET('/api/v1/documents/{id}/content', {
      params: { path: { id }, query: { version } },
      parseAs: 'blob',
    }),
  )) as unknown as Blob;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
