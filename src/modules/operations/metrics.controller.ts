import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError } from '@app/common/errors/domain-error';
import { ApiProblems } from '@app/common/errors/problem-details.dto';
import { InjectConfig, type RuntimeConfig } from '@app/config/runtime-config';
import { Public } from '@app/modules/identity/auth/auth.decorators';
import { Metrics, metricsAllowed } from './metrics';

/** `GET /metrics` on the HTTP port (API processes; workers serve theirs on `METRICS_PORT`). */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    @InjectConfig() private readonly config: RuntimeConfig,
  ) {}

  @Public()
  @Get()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Prometheus metrics of this process',
    description:
      'Requests by route and status with latency, decisions, fired timers and their lag, emails ' +
      'by outcome, queue depths and job outcomes per queue, Node (event-loop lag, memory). ' +
      'With METRICS_TOKEN set, needs `Authorization: Bearer <METRICS_TOKEN>` (not a user token).',
  })
  @ApiOkResponse({
    description: 'Prometheus text exposition format 0.0.4',
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  @ApiProblems({ 401: 'METRICS_TOKEN is set and the request does not carry it' })
  async scrape(@Req() request: Request, @Res() response: Response): Promise<void> {
    if (!metricsAllowed(request.headers.authorization, this.config.metricsToken)) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new DomainError(
        'unauthenticated',
        'METRICS.TOKEN_REQUIRED',
        'Bearer METRICS_TOKEN is required.',
      );
    }
    const { contentType, body } = await this.metrics.exposition();
    response.type(contentType).send(body);
  }
}
