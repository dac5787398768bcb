import busboy from 'busboy';
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import { DomainError, invalidField } from '@app/common/errors/domain-error';
import type { DocumentStorage } from './storage/document-storage';

/** The media types a document may have (the contract's list), by what `file-type` names them. */
export const ALLOWED_MEDIA_TYPES = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
]);

/**
 * How many leading bytes are held back to tell the type. 64 KiB covers the first entries of
 * an OOXML/ODF zip (`[Content_Types].xml`, `mimetype`), which is all `file-type` needs.
 */
const SNIFF_BYTES = 64 * 1024;

/** The stored file of an upload, as measured while it streamed. */
export interface ReceivedFile {
  fileName: string;
  mediaType: string;
  /** Bytes. */
  size: number;
  /** Hex SHA-256. */
  sha256: string;
}

export interface UploadOptions {
  /** The storage key the file is written under (the new version's id). */
  key: string;
  storage: DocumentStorage;
  /** Largest file accepted, in bytes: one more byte is `413`. */
  maxBytes: number;
  /** Form fields that may come besides `file`. */
  fields: readonly string[];
  /**
   * Called once every field before the file part is known and before any byte of the file
   * is read (fields must come first, as browsers' FormData and `curl -F` send them in order):
   * it validates and authorizes, and throws to refuse the upload without reading the file.
   */
  accept(fields: Record<string, string>): Promise<void>;
}

/**
 * Reads a `multipart/form-data` upload and streams its one `file` part into storage under
 * `options.key`, hashing and measuring it on the way; never holds more than `SNIFF_BYTES` of
 * it. The media type comes from the bytes: `file-type` for binary formats, else a UTF-8 text
 * check (CSV, plain text; markup refused). Errors (all `DomainError`s, answered as problems):
 * `400` bad file name, empty file, missing part, malformed form; `413` over `maxBytes` (the
 * rest of the body is left unread); `415` any other type. On any error nothing stays stored.
 */
export async function receiveUpload(
  request: IncomingMessage,
  options: UploadOptions,
): Promise<{ fields: Record<string, string>; file: ReceivedFile }> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: request.headers,
      defParamCharset: 'utf8',
      // Keep what the client sent: a name with a path is refused (400), not quietly cut.
      preservePath: true,
      // One byte past the limit is read, so that `Meter` and busboy's `limit` tell it apart.
      limits: {
        files: 1,
        fileSize: options.maxBytes + 1,
        fields: 16,
        fieldSize: 8 * 1024,
        parts: 17,
      },
    });
  } catch {
    throw new DomainError(
      'unsupported_media_type',
      'DOCUMENT.NOT_MULTIPART',
      'The body must be multipart/form-data with a boundary.',
    );
  }
  const fields: Record<string, string> = {};
  let file: Promise<ReceivedFile> | undefined;
  // Ends the file's stream into storage when the form fails elsewhere (storage then cleans up).
  let abortFile: (error: unknown) => void = () => undefined;

  // Stop reading the body the moment the upload is refused: busboy would otherwise read (and
  // discard) the rest of an oversized file while storage cleans up.
  const stopReading = () => {
    request.unpipe(parser);
    request.pause();
  };
  const finished = new Promise<void>((done, reject) => {
    const fail = (error: unknown) => {
      stopReading();
      reject(error);
    };
    parser.on('field', (name, value) => {
      if (!options.fields.includes(name))
        fail(invalidField(name, 'is not a field of this form', 'DOCUMENT.UNKNOWN_FIELD'));
      else fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || file) {
        stream.resume();
        fail(invalidField(name, 'only one file, in the field "file"', 'DOCUMENT.UNKNOWN_FIELD'));
        return;
      }
      file = (async () => {
        stream.pause();
        const fileName = checkFileName(info.filename);
        await options.accept(fields);
        const meter = new Meter(fileName, options.maxBytes);
        abortFile = (error) => meter.destroy(error as Error);
        // A refusal stops the body at once. This listener is also there before storage
        // starts reading (it awaits a mkdir, a socket): a small file refused by then leaves
        // its error on the stream for storage to see (`errored`), instead of crashing the
        // process as an 'error' event nobody listens to.
        meter.on('error', stopReading);
        stream.on('limit', () => meter.destroy(tooLarge(options.maxBytes)));
        stream.on('error', (error) => meter.destroy(error));
        await options.storage.put(options.key, stream.pipe(meter));
        return meter.result();
      })();
      file.catch((error: unknown) => {
        stream.resume();
        fail(error);
      });
    });
    parser.on('filesLimit', () =>
      fail(invalidField('file', 'only one file per upload', 'DOCUMENT.UNKNOWN_FIELD')),
    );
    parser.on('fieldsLimit', () => fail(invalidField('', 'too many fields', 'VALIDATION_FAILED')));
    parser.on('error', () =>
      fail(
        new DomainError('invalid', 'DOCUMENT.MALFORMED_FORM', 'The multipart body is malformed.'),
      ),
    );
    parser.on('close', () => done());
  });

  request.pipe(parser);
  try {
    await finished;
    if (!file) throw invalidField('file', 'is required', 'DOCUMENT.FILE_REQUIRED');
    return { fields, file: await file };
  } catch (error) {
    stopReading();
    abortFile(error);
    await file?.catch(() => undefined);
    await options.storage.delete(options.key).catch(() => undefined);
    throw error;
  }
}

/**
 * A file name as given by the client: at most 255 bytes of UTF-8, no path separator, no
 * control character, not `.`/`..`. It is only ever shown and used in Content-Disposition.
 */
export function checkFileName(name: string | undefined): string {
  const refuse = (message: string): never => {
    throw invalidField('file', `file name ${message}`, 'DOCUMENT.BAD_FILE_NAME');
  };
  if (!name) refuse('is missing');
  else if (Buffer.byteLength(name, 'utf8') > 255) refuse('is longer than 255 bytes');
  else if (/[/\\]/.test(name) || name === '.' || name === '..') refuse('contains a path');
  // eslint-disable-next-line no-control-regex
  else if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) refuse('contains a control character');
  return name as string;
}

function tooLarge(maxBytes: number): DomainError {
  return new DomainError(
    'too_large',
    'DOCUMENT.TOO_LARGE',
    `The file is larger than the limit of ${maxBytes / (1024 * 1024)} MiB (MAX_UPLOAD_MB).`,
  );
}

function unsupported(what: string): DomainError {
  return new DomainError(
    'unsupported_media_type',
    'DOCUMENT.UNSUPPORTED_TYPE',
    `The file is ${what}; accepted are PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS, CSV and plain text.`,
  );
}

/**
 * Passes the bytes through while hashing and counting them; holds back the first
 * `SNIFF_BYTES` until the type is known, so nothing of a refused file reaches storage.
 */
class Meter extends Transform {
  private readonly hash = createHash('sha256');
  private size = 0;
  private head: Buffer[] = [];
  private headSize = 0;
  private mediaType: string | undefined;

  constructor(
    private readonly fileName: string,
    private readonly maxBytes: number,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    this.size += chunk.length;
    if (this.size > this.maxBytes) return callback(tooLarge(this.maxBytes));
    this.hash.update(chunk);
    if (this.mediaType) return callback(null, chunk);
    this.head.push(chunk);
    this.headSize += chunk.length;
    if (this.headSize < SNIFF_BYTES) return callback();
    this.release(false).then(() => callback(), callback);
  }

  override _flush(callback: TransformCallback) {
    if (this.size === 0) return callback(invalidField('file', 'is empty', 'DOCUMENT.EMPTY_FILE'));
    if (this.mediaType) return callback();
    this.release(true).then(() => callback(), callback);
  }

  /** Tells the type from the held-back head, then lets it through. */
  private async release(whole: boolean): Promise<void> {
    const head = Buffer.concat(this.head);
    this.head = [];
    this.mediaType = await detectMediaType(head, this.fileName, whole);
    this.push(head);
  }

  result(): ReceivedFile {
    return {
      fileName: this.fileName,
      mediaType: this.mediaType ?? 'application/octet-stream',
      size: this.size,
      sha256: this.hash.digest('hex'),
    };
  }
}

/**
 * The media type of a file from its first bytes (`whole`: they are the whole file), or a
 * `415`. Binary formats by `file-type`; a file it does not recognise is accepted only as
 * UTF-8 text without control characters (other than tab, CR, LF, FF) that does not start like
 * markup (HTML, XML, SVG are not documents here): `text/csv` when its name ends in `.csv`,
 * else `text/plain`.
 */
export async function detectMediaType(
  head: Buffer,
  fileName: string,
  whole: boolean,
): Promise<string> {
  const detected = await fileTypeFromBuffer(head);
  if (detected) {
    if (ALLOWED_MEDIA_TYPES.has(detected.mime)) return detected.mime;
    throw unsupported(`${detected.mime} (.${detected.ext})`);
  }
  let text: string;
  try {
    // A multi-byte character may be cut at the end of a partial head: leave its bytes out.
    text = new TextDecoder('utf-8', { fatal: true }).decode(
      whole ? head : head.subarray(0, completeUtf8Length(head)),
    );
  } catch {
    throw unsupported('binary data of an unrecognised type');
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text))
    throw unsupported('binary data of an unrecognised type');
  if (/^\uFEFF?\s*</.test(text)) throw unsupported('markup (HTML or XML)');
  return /\.csv$/i.test(fileName) ? 'text/csv; charset=utf-8' : 'text/plain; charset=utf-8';
}

/** The length of `bytes` without a UTF-8 sequence cut off at its end. */
function completeUtf8Length(bytes: Buffer): number {
  let i = bytes.length - 1;
  let back = 0;
  while (i >= 0 && back < 4 && (bytes[i] & 0xc0) === 0x80) {
    i--;
    back++;
  }
  if (i < 0) return bytes.length;
  const lead = bytes[i];
  const needed = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return needed > back + 1 ? i : bytes.length;
}
