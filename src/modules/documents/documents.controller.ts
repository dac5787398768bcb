import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import contentDisposition from 'content-disposition';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { DomainError } from '@app/common/errors/domain-error';
import { ApiProblems } from '@app/common/errors/problem-details.dto';
import { PageOf } from '@app/common/http/pagination';
import { CurrentUser } from '@app/modules/identity/auth/auth.decorators';
import type { AuthUser } from '@app/modules/identity/auth/auth-user';
import {
  DocumentContentQuery,
  DocumentView,
  ListDocumentsQuery,
  UploadDocumentForm,
  UploadVersionForm,
} from './dto/document.dto';
import { DocumentsService } from './documents.service';

/**
 * The routes whose body is `multipart/form-data` (busboy reads it, not the JSON parser), for
 * the JSON-only guard in bootstrap: every other route still refuses a non-JSON body with 415.
 */
export const MULTIPART_ROUTES = [
  /^\/api\/v1\/projects\/[^/]+\/documents\/?$/,
  /^\/api\/v1\/documents\/[^/]+\/versions\/?$/,
];

const UPLOAD_PROBLEMS = {
  400: 'A bad field, an empty file, a file name with a path, a control character or over 255 bytes',
  403: 'The caller may not upload here',
  404: 'No such project or document (or not visible to the caller)',
  413: 'The file is larger than MAX_UPLOAD_MB',
  415: 'The file is not PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS, CSV or plain text, or the body is not multipart',
};

@ApiTags('documents')
@ApiBearerAuth()
@Controller()
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post('projects/:id/documents')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadDocumentForm })
  @ApiCreatedResponse({ type: DocumentView })
  @ApiProblems(UPLOAD_PROBLEMS)
  @ApiOperation({
    summary: 'Upload a document to a project, or to a step of one of its workflows',
    description:
      'Streamed to storage; its media type is read from its bytes and its SHA-256 computed ' +
      'on the way. Send the fields before the file. Coordinators and admins; for a step, also ' +
      'whoever signs for one of its assignees.',
  })
  upload(
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @CurrentUser() caller: AuthUser,
  ) {
    return closeOnRefusal(response, this.documents.upload(id, request, caller));
  }

  @Post('documents/:id/versions')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadVersionForm })
  @ApiCreatedResponse({ type: DocumentView })
  @ApiProblems(UPLOAD_PROBLEMS)
  @ApiOperation({
    summary: 'Add a version to a document; every earlier version stays downloadable',
  })
  addVersion(
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @CurrentUser() caller: AuthUser,
  ) {
    return closeOnRefusal(response, this.documents.addVersion(id, request, caller));
  }

  @Get('projects/:id/documents')
  @ApiOkResponse({ type: PageOf(DocumentView) })
  @ApiOperation({ summary: 'The documents of a project the caller may see, newest first' })
  list(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ListDocumentsQuery,
    @CurrentUser() caller: AuthUser,
  ) {
    return this.documents.list(id, query, caller);
  }

  @Get('documents/:id')
  @ApiOkResponse({ type: DocumentView })
  @ApiOperation({ summary: 'A document with all its versions' })
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() caller: AuthUser) {
    return this.documents.get(id, caller);
  }

  @Get('documents/:id/content')
  @ApiOperation({
    summary: 'The bytes of a version (default the latest), as an attachment',
    description:
      'With the stored media type, `Content-Disposition: attachment` (RFC 6266 file name), ' +
      '`nosniff`, `ETag` = the SHA-256 and `Range` support (one range). The whole file is ' +
      'checked against its SHA-256 before any byte is served, a range included: a file that ' +
      'no longer matches is refused with 409 and logged.',
  })
  @ApiOkResponse({
    description: 'The whole file',
    content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiResponse({
    status: 206,
    description: 'The range asked for (`Content-Range`)',
    content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiProblems({
    409: 'The stored file no longer matches its SHA-256: refused, never served',
    416: 'The range is outside the file',
  })
  async content(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: DocumentContentQuery,
    @Req() request: Request,
    @Res() response: Response,
    @CurrentUser() caller: AuthUser,
  ): Promise<void> {
    const content = await this.documents.content(id, query.version, caller);
    const { size, sha256, mediaType, fileName } = content.version;
    const etag = `"${sha256}"`;
    let range: { start: number; end: number } | undefined;
    const ifRange = request.headers['if-range'];
    if (request.headers.range && (ifRange === undefined || ifRange === etag)) {
      const ranges = request.range(size);
      if (ranges === -1) {
        response.setHeader('Content-Range', `bytes */${size}`);
        throw new DomainError(
          'range_not_satisfiable',
          'DOCUMENT.BAD_RANGE',
          `The file has ${size} bytes.`,
        );
      }
      // Several ranges (multipart/byteranges) are answered with the whole file, as RFC 9110 allows.
      if (ranges && ranges !== -2 && ranges.type === 'bytes' && ranges.length === 1)
        range = ranges[0];
    }
    const body = await content.open(range);
    // Only now, past every refusal: a problem answer must not carry the file's headers.
    response.setHeader('Content-Type', mediaType);
    response.setHeader('Content-Disposition', contentDisposition(fileName));
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('ETag', etag);
    response.setHeader('Accept-Ranges', 'bytes');
    response.setHeader('Cache-Control', 'private, no-cache');
    if (range) {
      response.status(206);
      response.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${size}`);
      response.setHeader('Content-Length', String(range.end - range.start + 1));
    } else {
      response.status(200);
      response.setHeader('Content-Length', String(size));
    }
    await pipeline(body, response).catch(() => undefined); // a client gone mid-download
  }
}

/**
 * A refused upload may leave part of its body unread (a 413 stops reading at the limit):
 * the answer closes the connection so the rest is neither read nor mistaken for a request.
 */
async function closeOnRefusal<T>(response: Response, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    response.setHeader('Connection', 'close');
    throw error;
  }
}
