import { Controller, Get, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@app/modules/identity/auth/auth.decorators';
import { HealthService } from './health.service';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly service: HealthService) {}

  @Public()
  @Get()
  @ApiOkResponse({ description: 'The database and the queue are reachable' })
  @ApiServiceUnavailableResponse({
    description:
      'The database or the queue is down, or this process cannot get a pooled connection ' +
      '(`checks.pool: "exhausted"` while `checks.database: "up"`: the process is wedged, not the database)',
  })
  @ApiOperation({ summary: 'Database, connection pool and queue health' })
  async health(@Res({ passthrough: true }) response: Response) {
    const report = await this.service.check();
    response.status(report.ok ? 200 : 503);
    return report.body;
  }
}
