import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  Unique,
} from 'typeorm';
import { User } from '@app/modules/identity/entities/user.entity';
import { Document } from './document.entity';

/**
 * One version of a document: its bytes are stored under `id` (see `DocumentStorage`), and
 * `sha256` is what every download is checked against. Versions are never changed or removed.
 */
@Entity('document_versions')
@Unique('uq_document_versions_document_version', ['documentId', 'version'])
export class DocumentVersion {
  /** Chosen before the upload starts: it is also the storage key the file is written under. */
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'document_id', type: 'uuid' })
  documentId: string;

  @ManyToOne(() => Document, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'document_id' })
  document?: Document;

  @Column({ type: 'integer' })
  version: number;

  /** The client's file name, checked (no path, no control character, at most 255 bytes). */
  @Column({ name: 'file_name', type: 'text' })
  fileName: string;

  /** Detected from the bytes, never taken from the client. */
  @Column({ name: 'media_type', type: 'varchar', length: 128 })
  mediaType: string;

  /** Bytes. */
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  size: number;

  /** Hex SHA-256 of the bytes, computed while they streamed in. */
  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'uploaded_by', type: 'uuid' })
  uploadedBy: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'uploaded_by' })
  uploader?: User;

  @CreateDateColumn({ name: 'uploaded_at', type: 'timestamptz' })
  uploadedAt: Date;
}
