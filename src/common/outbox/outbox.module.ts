import { type DynamicModule, Global, Injectable, Module } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { OutboxRelay } from './outbox-relay.service';

/** Rows older than this were not relayed by the request that wrote them (a crash, Redis down). */
const STRANDED_AFTER_MS = 3000;

@Injectable()
class OutboxSweeper {
  constructor(private readonly relay: OutboxRelay) {}

  @Interval(2000)
  async sweep(): Promise<void> {
    await this.relay.relay({ olderThanMs: STRANDED_AFTER_MS });
  }
}

@Global()
@Module({})
export class OutboxModule {
  static register(options: { worker: boolean }): DynamicModule {
    return {
      module: OutboxModule,
      providers: [OutboxRelay, ...(options.worker ? [OutboxSweeper] : [])],
      exports: [OutboxRelay],
    };
  }
}
