import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ByteRange, DocumentStorage, StoredFile } from './document-storage';

const KEY = /^[0-9a-f-]{36}$/;

/**
 * Files under one directory (`DATA_DIR/documents`), fanned out by the key's first two
 * characters so no directory grows past a few thousand entries.
 */
export class FilesystemStorage implements DocumentStorage {
  readonly kind = 'filesystem';
  private readonly root: string;

  constructor(dir: string) {
    this.root = resolve(dir);
  }

  /** The file's path; exported for tests that tamper with it behind the service's back. */
  pathOf(key: string): string {
    if (!KEY.test(key)) throw new Error(`Not a document storage key: ${key}`);
    return join(this.root, key.slice(0, 2), key);
  }

  async put(key: string, body: Readable): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(join(this.root, key.slice(0, 2)), { recursive: true });
    try {
      // `wx`: never overwrite a stored version; `flush`: on disk before the row commits.
      await pipeline(body, createWriteStream(path, { flags: 'wx', flush: true }));
    } catch (error) {
      await unlink(path).catch(() => undefined);
      throw error;
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    const stream = createReadStream(this.pathOf(key), range);
    // Surface a missing file as a rejection here, not as a stream error mid-response.
    await new Promise<void>((done, fail) => {
      stream.once('open', () => done());
      stream.once('error', fail);
    });
    return stream;
  }

  async delete(key: string): Promise<void> {
    await unlink(this.pathOf(key)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }

  async *list(): AsyncIterable<StoredFile> {
    let fanout: string[];
    try {
      fanout = await readdir(this.root);
    } catch {
      return; // nothing stored yet
    }
    for (const dir of fanout) {
      let names: string[];
      try {
        names = await readdir(join(this.root, dir));
      } catch {
        continue;
      }
      for (const name of names) {
        if (!KEY.test(name)) continue;
        const info = await stat(join(this.root, dir, name)).catch(() => undefined);
        if (info) yield { key: name, storedAt: info.mtime };
      }
    }
  }
}
