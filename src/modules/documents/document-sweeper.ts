import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DOCUMENT_STORAGE, type DocumentStorage } from './storage/document-storage';

/**
 * How long a stored file may go without its row before it is swept: longer than any upload
 * can take between its file being written and its row committing.
 */
export const ORPHAN_GRACE_HOURS = 24;

/** Files checked against the database per query. */
const BATCH = 500;

/**
 * Removes stored files that have no `document_versions` row: what an upload leaves when its
 * row's transaction failed and the immediate clean-up could not run (a crash, a lost store).
 */
@Injectable()
export class DocumentSweeper {
  private readonly logger = new Logger('Documents');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(DOCUMENT_STORAGE) private readonly storage: DocumentStorage,
  ) {}

  /**
   * Deletes every stored file written before `before` (default: `ORPHAN_GRACE_HOURS` ago)
   * whose key is no version's id. Returns how many it deleted.
   */
  async sweep(before = new Date(Date.now() - ORPHAN_GRACE_HOURS * 3_600_000)): Promise<number> {
    let swept = 0;
    let batch: string[] = [];
    const flush = async () => {
      const known = await this.dataSource.query<{ id: string }[]>(
        `SELECT id::text FROM document_versions WHERE id::text = ANY($1)`,
        [batch],
      );
      const keep = new Set(known.map((r) => r.id));
      for (const key of batch) {
        if (keep.has(key)) continue;
        await this.storage.delete(key);
        swept++;
      }
      batch = [];
    };
    for await (const file of this.storage.list()) {
      if (file.storedAt >= before) continue;
      batch.push(file.key);
      if (batch.length >= BATCH) await flush();
    }
    if (batch.length > 0) await flush();
    if (swept > 0) this.logger.log(`Swept ${swept} stored document files that had no row`);
    return swept;
  }
}
