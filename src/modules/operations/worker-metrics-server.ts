import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectConfig, type RuntimeConfig } from '@app/config/runtime-config';
import { HealthService } from '@app/modules/health/health.service';
import { Metrics, metricsAllowed } from './metrics';

/**
 * A worker has no HTTP API; with `METRICS_PORT` set it serves two routes on that port:
 * `GET /metrics` (guarded by `METRICS_TOKEN` like the API's) and `GET /health` (the same
 * checks and answer as the API's), so Prometheus and a container health check can reach it.
 */
@Injectable()
export class WorkerMetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;
  private readonly logger = new Logger('Metrics');

  constructor(
    private readonly metrics: Metrics,
    private readonly health: HealthService,
    @InjectConfig() private readonly config: RuntimeConfig,
  ) {}

  /** The port it listens on (useful with `METRICS_PORT=0`), once started. */
  get port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.metricsPort === undefined) return;
    const server = createServer((request, response) => {
      const path = (request.url ?? '/').split('?')[0];
      const answer = async () => {
        if (request.method !== 'GET') return { status: 405, type: 'text/plain', body: '' };
        if (path === '/health') {
          const report = await this.health.check();
          return {
            status: report.ok ? 200 : 503,
            type: 'application/json',
            body: JSON.stringify(report.body),
          };
        }
        if (path !== '/metrics') return { status: 404, type: 'text/plain', body: 'Not found\n' };
        if (!metricsAllowed(request.headers.authorization, this.config.metricsToken))
          return { status: 401, type: 'text/plain', body: 'Bearer METRICS_TOKEN is required\n' };
        const { contentType, body } = await this.metrics.exposition();
        return { status: 200, type: contentType, body };
      };
      answer().then(
        ({ status, type, body }) => response.writeHead(status, { 'Content-Type': type }).end(body),
        (error: unknown) => {
          this.logger.error(`${path}: ${(error as Error).message}`);
          response.writeHead(500).end();
        },
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.metricsPort, this.config.host ?? '0.0.0.0', resolve);
    });
    this.server = server;
    this.logger.log(`Worker metrics and health on port ${this.port} (/metrics, /health)`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
