import { type DynamicModule, Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { HealthModule } from '@app/modules/health/health.module';
import { IdentityModule } from '@app/modules/identity/identity.module';
import { MetricsController } from './metrics.controller';
import { Metrics } from './metrics';
import { QueueDashboardController } from './queue-dashboard';
import { QueueMetrics } from './queues';
import { WorkerMetricsServer } from './worker-metrics-server';

/**
 * What operators use: the metrics (`Metrics`, made by start-up and injectable everywhere),
 * `GET /metrics` and the queue dashboard's cookie on API processes, the metrics and health
 * port of worker processes.
 */
@Global()
@Module({})
export class OperationsModule {
  static register(options: { metrics: Metrics; role: 'all' | 'api' | 'worker' }): DynamicModule {
    const http = options.role !== 'worker';
    return {
      module: OperationsModule,
      imports: [DiscoveryModule, HealthModule, IdentityModule],
      controllers: http ? [MetricsController, QueueDashboardController] : [],
      providers: [
        { provide: Metrics, useValue: options.metrics },
        QueueMetrics,
        ...(options.role === 'worker' ? [WorkerMetricsServer] : []),
      ],
      exports: [Metrics],
    };
  }
}
