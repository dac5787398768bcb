import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Min } from 'class-validator';
import { PaginationQuery } from '@app/common/http/pagination';
import type { DocumentVersion } from '../entities/document-version.entity';
import { DOCUMENT_KINDS, type Document, type DocumentKind } from '../entities/document.entity';

export const MAX_TITLE_LENGTH = 500;
export const MAX_NOTE_LENGTH = 2000;

/** One version of a document: its file as stored. */
export class DocumentVersionView {
  @ApiProperty({ minimum: 1, example: 1 }) version: number;
  @ApiProperty({ example: 'MIA-Otay-Mesa.pdf' }) fileName: string;
  @ApiProperty({ description: 'Detected from the bytes', example: 'application/pdf' })
  mediaType: string;
  @ApiProperty({ description: 'Bytes', example: 1048576 }) size: number;
  @ApiProperty({ description: 'Hex SHA-256 of the bytes', pattern: '^[0-9a-f]{64}$' })
  sha256: string;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ format: 'uuid' }) uploadedBy: string;
  @ApiProperty({ format: 'date-time' }) uploadedAt: string;

  static of(v: DocumentVersion): DocumentVersionView {
    return {
      version: v.version,
      fileName: v.fileName,
      mediaType: v.mediaType,
      size: v.size,
      sha256: v.sha256,
      note: v.note,
      uploadedBy: v.uploadedBy,
      uploadedAt: v.uploadedAt.toISOString(),
    };
  }
}

/** A document; its file fields are the latest version's, and `versions` lists them all. */
export class DocumentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) workflowId: string | null;
  @ApiProperty({ type: String, nullable: true }) stepKey: string | null;
  @ApiProperty({ enum: DOCUMENT_KINDS }) kind: DocumentKind;
  @ApiProperty() title: string;
  @ApiProperty() restricted: boolean;
  @ApiProperty({ minimum: 1, description: 'The latest version' }) version: number;
  @ApiProperty() fileName: string;
  @ApiProperty() mediaType: string;
  @ApiProperty({ description: 'Bytes' }) size: number;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) sha256: string;
  @ApiProperty({ format: 'uuid' }) uploadedBy: string;
  @ApiProperty({ format: 'date-time' }) uploadedAt: string;
  @ApiProperty({ type: [DocumentVersionView], description: 'Every version, oldest first' })
  versions: DocumentVersionView[];

  /** `versions` in ascending order, the last being the current one. */
  static of(d: Document, versions: DocumentVersion[]): DocumentView {
    const current = versions[versions.length - 1];
    return {
      id: d.id,
      projectId: d.projectId,
      workflowId: d.workflowId,
      stepKey: d.stepKey,
      kind: d.kind,
      title: d.title,
      restricted: d.restricted,
      version: current.version,
      fileName: current.fileName,
      mediaType: current.mediaType,
      size: current.size,
      sha256: current.sha256,
      uploadedBy: current.uploadedBy,
      uploadedAt: current.uploadedAt.toISOString(),
      versions: versions.map(DocumentVersionView.of),
    };
  }
}

/** The multipart body of an upload, for the OpenAPI document (busboy reads the real one). */
export class UploadDocumentForm {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description:
      'The file (after the other fields). PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS, CSV or plain ' +
      'text, told from its bytes; at most MAX_UPLOAD_MB; its name without a path or control ' +
      'character, at most 255 bytes',
  })
  file: string;
  @ApiProperty({ maxLength: MAX_TITLE_LENGTH }) title: string;
  @ApiProperty({ enum: DOCUMENT_KINDS }) kind: DocumentKind;
  @ApiPropertyOptional({ format: 'uuid', description: 'A workflow of the project (with stepKey)' })
  workflowId?: string;
  @ApiPropertyOptional({ description: 'A step of that workflow' }) stepKey?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false' }) restricted?: string;
}

/** The multipart body of a new version. */
export class UploadVersionForm {
  @ApiProperty({ type: 'string', format: 'binary', description: 'The file (after the note)' })
  file: string;
  @ApiPropertyOptional({ maxLength: MAX_NOTE_LENGTH }) note?: string;
}

export class ListDocumentsQuery extends PaginationQuery {
  @ApiPropertyOptional({ enum: DOCUMENT_KINDS })
  @IsOptional()
  @IsIn(DOCUMENT_KINDS)
  kind?: DocumentKind;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  workflowId?: string;

  @ApiPropertyOptional({ maxLength: 64 })
  @IsOptional()
  @Matches(/^[a-z0-9_-]{1,64}$/i)
  stepKey?: string;
}

export class DocumentContentQuery {
  @ApiPropertyOptional({ minimum: 1, description: 'A version number; default the latest' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version?: number;
}
