import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError } from '@app/common/errors/domain-error';
import { InjectConfig, type RuntimeConfig } from '@app/config/runtime-config';
import { Public } from '@app/modules/identity/auth/auth.decorators';
import { Metrics, metricsAllowed } from './metrics';

/**
 * `GET /metrics` on the HTTP port (API processes; workers serve theirs on `METRICS_PORT`).
 * Prometheus text, not JSON, so it stays out of the OpenAPI description like `/docs` does.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    @InjectConfig() private readonly config: RuntimeConfig,
  ) {}

  @Public()
  @Get()
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
