import { randomUUID } from 'node:crypto';
import {
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { type ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import Redis from 'ioredis';
import { InjectConfig, type RuntimeConfig } from '@app/config/runtime-config';

/**
 * A sliding window per key in one Redis sorted set: each accepted attempt is a member scored
 * with the time it stops counting. Expired members go first; a refused attempt is not added
 * (so a client that keeps trying is let in again once its window has moved on). Redis's own
 * clock is used, so API processes on machines with skewed clocks still agree.
 * Returns { hits, blocked (0/1), first expiry in ms }.
 */
const SLIDING_WINDOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local hits = redis.call('ZCARD', KEYS[1])
local blocked = 0
if hits >= limit then blocked = 1 else
  redis.call('ZADD', KEYS[1], now + ttl, ARGV[3])
  hits = hits + 1
end
redis.call('PEXPIRE', KEYS[1], ttl)
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return { hits, blocked, (tonumber(first[2]) or (now + ttl)) - now }
`;

/** How often a Redis outage is logged while it lasts. */
const WARN_EVERY_MS = 30_000;

/**
 * Where the login limit counts attempts: in Redis when `REDIS_URL` is set, so that every API
 * process counts the same attempts (the 31st of a minute is refused whichever process it
 * reaches); else in this process's memory, which is right for the one process of the embedded
 * default. Keys live under `QUEUE_PREFIX`, beside the queues'. While Redis cannot be reached
 * the attempts are counted in memory (the limit then holds per process, and is logged as
 * degraded): people can still sign in when the queue's Redis is down.
 */
@Injectable()
export class RateLimitStore
  implements ThrottlerStorage, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly redis?: Redis;
  private readonly memory = new ThrottlerStorageService();
  private readonly prefix: string;
  private readonly logger = new Logger('RateLimit');
  private warnedAt = 0;

  constructor(@InjectConfig() config: RuntimeConfig) {
    this.prefix = `${config.queuePrefix}:rate-limit:`;
    if (config.redisUrl) {
      // No offline queue: while disconnected an attempt is counted in memory at once rather
      // than waiting for Redis to come back.
      this.redis = new Redis(config.redisUrl, {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        commandTimeout: 2_000,
      });
      this.redis.on('error', () => undefined); // reported when an attempt falls back
    }
  }

  /** Waits (at most 2 s) for Redis, so the first attempts after a start are shared too. */
  async onApplicationBootstrap(): Promise<void> {
    const redis = this.redis;
    if (!redis || redis.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2_000);
      redis.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Counts one attempt under `key` within `ttl` ms; the guard refuses when `isBlocked`. */
  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): ReturnType<ThrottlerStorage['increment']> {
    if (!this.redis) return this.memory.increment(key, ttl, limit, blockDuration, throttlerName);
    let counted: [number, number, number];
    try {
      counted = (await this.redis.eval(
        SLIDING_WINDOW,
        1,
        `${this.prefix}${throttlerName}:${key}`,
        ttl,
        limit,
        randomUUID(),
      )) as [number, number, number];
    } catch (error) {
      if (Date.now() - this.warnedAt > WARN_EVERY_MS) {
        this.warnedAt = Date.now();
        this.logger.warn(
          `Login limit counted in this process only: Redis unreachable (${(error as Error).message})`,
        );
      }
      return this.memory.increment(key, ttl, limit, blockDuration, throttlerName);
    }
    const [hits, blocked, msLeft] = counted;
    const secondsLeft = Math.max(1, Math.ceil(msLeft / 1000));
    return {
      totalHits: hits + blocked,
      timeToExpire: secondsLeft,
      isBlocked: blocked === 1,
      timeToBlockExpire: blocked === 1 ? secondsLeft : 0,
    };
  }

  onApplicationShutdown(): void {
    this.memory.onApplicationShutdown();
    this.redis?.disconnect();
  }
}

/** Provides the {@link RateLimitStore} to the throttler's configuration. */
@Module({ providers: [RateLimitStore], exports: [RateLimitStore] })
export class RateLimitModule {}
