import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Readable } from 'node:stream';
import type { StorageConfig } from '@app/config/app-config';
import type { ByteRange, DocumentStorage, StoredFile } from './document-storage';

/** Every object of Puentes lives under this prefix, so the bucket may hold other things. */
const PREFIX = 'documents/';

/** Part size of multipart uploads: S3's minimum is 5 MiB; two parts in flight per upload. */
const PART_SIZE = 8 * 1024 * 1024;

/**
 * Objects in one bucket of AWS S3 or any S3-compatible store (MinIO). Uploads go through
 * `@aws-sdk/lib-storage`: the length of a streamed upload is unknown when it starts, which a
 * plain PutObject needs, and `Upload` sends it in parts (at most 2 × 8 MiB in memory), aborting
 * the multipart upload if the body fails.
 */
export class S3Storage implements DocumentStorage {
  readonly kind = 's3';
  private readonly client: S3Client;

  constructor(private readonly config: Extract<StorageConfig, { kind: 's3' }>) {
    this.client = new S3Client({
      region: config.region,
      endpoint: config.endpoint,
      // MinIO and other self-hosted stores answer path-style URLs, not bucket subdomains.
      forcePathStyle: config.endpoint !== undefined,
      credentials: config.credentials,
    });
  }

  async put(key: string, body: Readable): Promise<void> {
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.config.bucket, Key: PREFIX + key, Body: body },
      partSize: PART_SIZE,
      queueSize: 2,
    });
    // If the body fails (a refused type, too large), lib-storage may still be waiting for it:
    // abort, and answer with the body's error rather than the SDK's "Upload aborted".
    let bodyError: unknown;
    body.on('error', (error) => {
      bodyError ??= error;
      void upload.abort().catch(() => undefined);
    });
    try {
      await upload.done();
      bodyError ??= body.errored;
      if (bodyError) throw bodyError;
    } catch (error) {
      await this.delete(key).catch(() => undefined);
      throw bodyError ?? body.errored ?? error;
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    const answer = await this.client.send(
      new GetObjectCommand({
        Bucket: this.config.bucket,
        Key: PREFIX + key,
        Range: range ? `bytes=${range.start}-${range.end}` : undefined,
      }),
    );
    return answer.Body as Readable;
  }

  async delete(key: string): Promise<void> {
    await this.client.send(
      new DeleteObjectCommand({ Bucket: this.config.bucket, Key: PREFIX + key }),
    );
  }

  async *list(): AsyncIterable<StoredFile> {
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.config.bucket,
          Prefix: PREFIX,
          ContinuationToken: token,
        }),
      );
      for (const object of page.Contents ?? []) {
        if (!object.Key) continue;
        yield { key: object.Key.slice(PREFIX.length), storedAt: object.LastModified ?? new Date() };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /** Closes the client's sockets when the service stops (a Nest lifecycle hook). */
  onModuleDestroy(): void {
    this.client.destroy();
  }
}
