import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditSigner } from './audit-signer';

const BATCH = 500;

/**
 * Signs, at a worker's start, the heads of workflows written before heads were signed (or
 * by a tool that wrote rows directly). It signs what the database holds at that moment, as
 * any first signature must; from then on only a write through the service moves a head. It
 * never re-signs a head signed by another key: that would launder whatever changed since.
 * Batches lock their rows `SKIP LOCKED`, so several workers share the work and no write waits.
 */
@Injectable()
export class HeadBackfill implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Audit');
  private running: Promise<void> | undefined;
  private stopping = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly signer: AuditSigner,
  ) {}

  onApplicationBootstrap(): void {
    // In the background: a large backlog must not hold up the worker's start.
    this.running = this.run().then(
      () => undefined,
      (error: unknown) =>
        this.logger.error(`Signing unsigned workflow heads stopped: ${String(error)}`),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  /** Signs every unsigned head; returns how many it signed. */
  async run(): Promise<number> {
    let signed = 0;
    while (!this.stopping) {
      const count = await this.dataSource.transaction(async (manager) => {
        const heads = (await manager.query(
          `SELECT id, last_seq, last_hash FROM workflows
            WHERE head_signature IS NULL AND last_seq > 0 AND last_hash IS NOT NULL
            ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [BATCH],
        )) as { id: string; last_seq: number; last_hash: string }[];
        if (heads.length === 0) return 0;
        await manager.query(
          `UPDATE workflows w SET head_signature = h.head_signature, head_key_id = h.head_key_id
             FROM jsonb_to_recordset($1::jsonb) AS h(id uuid, head_signature text, head_key_id text)
            WHERE w.id = h.id`,
          [
            JSON.stringify(
              heads.map((h) => {
                const head = this.signer.signHead(h.id, h.last_seq, h.last_hash);
                return {
                  id: h.id,
                  head_signature: head.headSignature,
                  head_key_id: head.headKeyId,
                };
              }),
            ),
          ],
        );
        return heads.length;
      });
      if (count === 0) break;
      signed += count;
    }
    if (signed > 0)
      this.logger.log(`Signed the heads of ${signed} workflows written before signing`);
    return signed;
  }
}
