import { type DynamicModule, Module } from '@nestjs/common';
import { ApprovalsModule } from '@app/modules/approvals/approvals.module';
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

/**
 * Documents of projects, their storage and sweeper. Imports the approvals module: a step's
 * document records `document_attached` through its `WorkflowsService`. (Citing documents
 * needs no module: `documentCitations` is a plain function.)
 */
@Module({})
export class DocumentsModule {
  static register(options: { worker: boolean }): DynamicModule {
    return {
      module: DocumentsModule,
      imports: [ApprovalsModule.register(options)],
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
      exports: [DocumentsService, DocumentSweeper, DOCUMENT_STORAGE],
    };
  }
}
