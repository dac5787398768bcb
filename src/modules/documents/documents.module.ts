import { Module } from '@nestjs/common';
import type { RuntimeConfig } from '@app/config/runtime-config';
import { RUNTIME_CONFIG } from '@app/config/runtime-config';
import { DocumentSweeper } from './document-sweeper';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';
import { DOCUMENT_STORAGE, type DocumentStorage } from './storage/document-storage';
import { FilesystemStorage } from './storage/filesystem-storage';
import { S3Storage } from './storage/s3-storage';

/** The one storage of the process, as `STORAGE_URL` says. */
export function createDocumentStorage(config: RuntimeConfig['storage']): DocumentStorage {
  return config.kind === 's3' ? new S3Storage(config) : new FilesystemStorage(config.dir);
}

@Module({
  controllers: [DocumentsController],
  providers: [
    {
      provide: DOCUMENT_STORAGE,
      inject: [RUNTIME_CONFIG],
      useFactory: (config: RuntimeConfig) => createDocumentStorage(config.storage),
    },
    DocumentsService,
    DocumentSweeper,
  ],
  // DocumentsService: for decisions and comments citing documents (`citations`).
  exports: [DocumentsService, DocumentSweeper, DOCUMENT_STORAGE],
})
export class DocumentsModule {}
