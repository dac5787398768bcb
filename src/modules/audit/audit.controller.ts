import { Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblems } from '@app/common/errors/problem-details.dto';
import { PageOf, PaginationQuery } from '@app/common/http/pagination';
import type { AuthUser } from '@app/modules/identity/auth/auth-user';
import { CurrentUser, Roles } from '@app/modules/identity/auth/auth.decorators';
import { AuditCheckpoints } from './audit-checkpoints.service';
import { AuditSigner } from './audit-signer';
import { CheckpointView, ExportQuery, HistoryExportView, PublicKeyView } from './dto/audit.dto';
import { HistoryExports } from './history-export.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(
    private readonly signer: AuditSigner,
    private readonly checkpoints: AuditCheckpoints,
  ) {}

  @Get('public-key')
  @ApiOperation({
    summary: 'The Ed25519 public key that verifies workflow heads and checkpoints',
    description:
      'Keep a copy obtained apart from the database (from the operators, or saved once): ' +
      'checks are only as independent as the key they use.',
  })
  @ApiOkResponse({ type: PublicKeyView })
  @ApiProblems({ 401: 'No valid token' })
  publicKey(): PublicKeyView {
    return this.signer.publishedKey();
  }

  @Get('checkpoints')
  @ApiOperation({ summary: 'Checkpoints, newest first' })
  @ApiOkResponse({ type: PageOf(CheckpointView) })
  @ApiProblems({ 400: 'Bad limit or offset', 401: 'No valid token' })
  list(@Query() query: PaginationQuery) {
    return this.checkpoints.list(query);
  }

  @Get('checkpoints/:id')
  @ApiOkResponse({ type: CheckpointView })
  @ApiProblems({ 400: 'The id is not a UUID', 401: 'No valid token', 404: 'No such checkpoint' })
  @ApiOperation({ summary: 'Read an audit checkpoint' })
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.checkpoints.get(id);
  }

  @Post('checkpoints')
  @Roles('admin')
  @ApiOperation({
    summary: 'Make a checkpoint now (admins): a signed Merkle root over every workflow head',
    description: 'It is sent to the co-chairs of every technical group (`audit_checkpoint`).',
  })
  @ApiCreatedResponse({ type: CheckpointView })
  @ApiProblems({ 401: 'No valid token', 403: 'Not an admin' })
  async create(@CurrentUser() user: AuthUser): Promise<CheckpointView> {
    return (await this.checkpoints.create('manual', { createdBy: user.id }))!;
  }
}

@ApiTags('workflows')
@ApiBearerAuth()
@Controller()
export class HistoryExportController {
  constructor(private readonly exports: HistoryExports) {}

  @Get('workflows/:id/events/export')
  @ApiOperation({
    summary: 'The history with its signed head and Merkle proof, for `npm run audit:verify`',
    description:
      'Every event with its data and hashes, the signed head, the checkpoint (the latest, or ' +
      '`checkpointId`) and the audit path of the head it recorded for this workflow.',
  })
  @ApiOkResponse({ type: HistoryExportView })
  @ApiProblems({
    400: 'The id or checkpointId is not a UUID',
    401: 'No valid token',
    404: 'No such workflow or checkpoint',
  })
  export(@Param('id', ParseUUIDPipe) id: string, @Query() query: ExportQuery) {
    return this.exports.export(id, query.checkpointId);
  }
}
