import type { Readable } from 'node:stream';

/** Inclusive byte range of a stored file, as in HTTP `Range: bytes=start-end`. */
export interface ByteRange {
  start: number;
  end: number;
}

/** A stored file, as the sweeper sees it. */
export interface StoredFile {
  key: string;
  /** When the store last wrote it (file mtime, S3 `LastModified`). */
  storedAt: Date;
}

/**
 * Where the bytes of document versions live. Keys are document version ids (UUIDs): a key is
 * known before the first byte arrives, so a file is written once, straight to its final place
 * (S3 has no rename), and "a stored file without a row" is a plain key lookup for the sweeper.
 * Integrity is the database's `sha256`, checked on every read (see `DocumentsService`).
 */
export interface DocumentStorage {
  /** `filesystem` or `s3`, for logs and health. */
  readonly kind: string;
  /**
   * Writes `body` under `key`, streamed (never held whole in memory). Resolves once the store
   * has the whole file; on any error (the body's included) rejects and leaves nothing under
   * `key`. Refuses to overwrite an existing key on the filesystem.
   */
  put(key: string, body: Readable): Promise<void>;
  /** The file's bytes, whole or the inclusive `range`; rejects if the key is missing. */
  get(key: string, range?: ByteRange): Promise<Readable>;
  /** Removes the file; a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Every stored file, in no particular order (the sweeper walks them). */
  list(): AsyncIterable<StoredFile>;
}

/** Nest injection token of the one `DocumentStorage` of the process. */
export const DOCUMENT_STORAGE = Symbol('DOCUMENT_STORAGE');
