import type { Clock } from './common/clock/clock';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { type INestApplicationContext, Logger, type LogLevel } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import type { DestinationStream } from 'pino';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { createValidationPipe } from './common/http/validation';
import { MULTIPART_ROUTES } from './modules/documents/documents.controller';
import { MAX_JSON_BODY, requireJsonBody, verifyJsonBody } from './common/http/json-guard';
import {
  createRootLogger,
  nestLoggerOf,
  pinoLevelOf,
  requestLogging,
} from './common/logging/logging';
import { documentProblems } from './common/errors/problem-details.dto';
import { documentChainSchemas } from './modules/approvals/dto/chain-step.schema';
import { loadConfig } from './config/app-config';
import type { RuntimeConfig } from './config/runtime-config';
import { runMigrations } from './database/data-source';
import {
  type EmbeddedDatabase,
  readOrCreateAuditSigningKey,
  readOrCreateLocalSecrets,
  startEmbeddedPostgres,
} from './database/embedded-postgres';
import { REFRESH_COOKIE_AUTH } from './modules/identity/auth/auth.controller';
import { REFRESH_COOKIE } from './modules/identity/auth/refresh-cookie';
import { Metrics } from './modules/operations/metrics';
import { QUEUE_DASHBOARD_PATH, queueDashboard } from './modules/operations/queue-dashboard';
import { queuesOf } from './modules/operations/queues';
import { DEMO_LOGINS_FILE, type DemoLogin } from './modules/seed/startup-seed.service';
import { selectQueueBackend } from './queue/queue-backend';

export interface RunningPuentes {
  config: RuntimeConfig;
  app: INestApplicationContext;
  /** Where HTTP answers (`api` and `all` roles), e.g. http://127.0.0.1:3000 */
  url?: string;
  /** Stops in order: HTTP and workers, the database pool, then the embedded PostgreSQL. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Nest's levels to write, instead of LOG_LEVEL (the tests keep to errors). */
  logLevels?: LogLevel[];
  /** Where timers and sweepers read the time; the system clock unless a test sets one. */
  clock?: Clock;
  /** Where the JSON log lines go instead of stdout (the tests read them). */
  logDestination?: DestinationStream;
}

/**
 * Starts Puentes from an environment: validates it, starts the embedded PostgreSQL when no
 * DATABASE_URL is given, applies migrations, picks the queue backend, and starts the roles
 * APP_ROLE asks for. Used by `main.ts` and by the e2e tests alike.
 */
export async function startPuentes(
  env: Record<string, string | undefined>,
  options: StartOptions = {},
): Promise<RunningPuentes> {
  const appConfig = loadConfig(env);
  const rootLogger = createRootLogger({
    level: options.logLevels ? pinoLevelOf(options.logLevels) : appConfig.logLevel,
    destination: options.logDestination,
  });
  const nestLogger = nestLoggerOf(rootLogger);
  Logger.overrideLogger(nestLogger);
  const logger = new Logger('Puentes');
  let embedded: EmbeddedDatabase | undefined;
  if (!appConfig.databaseUrl) embedded = await startEmbeddedPostgres(appConfig.dataDir, logger);
  try {
    let jwtSecret = appConfig.jwtSecret;
    if (!jwtSecret && embedded)
      jwtSecret = (await readOrCreateLocalSecrets(appConfig.dataDir)).jwtSecret;
    if (!jwtSecret) {
      logger.warn('JWT_SECRET is not set: using a random one; tokens end when this process ends');
      jwtSecret = randomBytes(48).toString('base64url');
    }
    let auditSigningKey = appConfig.auditSigningKey;
    if (!auditSigningKey && embedded)
      auditSigningKey = await readOrCreateAuditSigningKey(appConfig.dataDir);
    if (!auditSigningKey) {
      logger.warn(
        'AUDIT_SIGNING_KEY is not set: signing the history with a random key; what it signs ' +
          'verifies only while this process runs, and only here (other processes and later ' +
          'starts answer signature "invalid"): set one key for every process',
      );
      auditSigningKey = generateKeyPairSync('ed25519')
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString();
    }
    const config: RuntimeConfig = {
      ...appConfig,
      databaseUrl: appConfig.databaseUrl ?? embedded!.url,
      jwtSecret,
      auditSigningKey,
      seedDemo: appConfig.seedDemo ?? Boolean(embedded),
      embedded: Boolean(embedded),
    };

    if (config.migrationsRun) {
      const applied = await runMigrations(config.databaseUrl);
      if (applied.length > 0) logger.log(`Applied migrations: ${applied.join(', ')}`);
    }
    selectQueueBackend(config);

    const metrics = new Metrics({ role: config.appRole });
    const module = AppModule.forRoot(config, { metrics }, options.clock);
    let app: INestApplicationContext;
    let url: string | undefined;
    if (config.appRole === 'worker') {
      app = await NestFactory.createApplicationContext(module, {
        logger: nestLogger,
        abortOnError: false,
      });
      await app.init();
      if (embedded) await announceDemoLogins(config, logger);
      // This line is how an operator (and the fault suite) sees that a worker's processors
      // and sweepers run.
      logger.log(`Puentes (worker) is running on Node ${process.versions.node}`);
    } else {
      const http = await NestFactory.create<NestExpressApplication>(module, {
        logger: nestLogger,
        // Registered in configureHttp, with a size and depth limit and no prototype keys.
        bodyParser: false,
        // Throw instead of exiting, so the embedded PostgreSQL is stopped on a failed start.
        abortOnError: false,
      });
      http.use(...requestLogging(rootLogger));
      http.use(metrics.httpMiddleware());
      configureHttp(http, config);
      // The embedded default prints demo passwords and runs on a developer's machine: it
      // answers this machine only unless HOST says otherwise.
      await http.listen(config.port, config.host ?? (embedded ? '127.0.0.1' : '0.0.0.0'));
      const address = http.getHttpServer().address() as AddressInfo;
      const listening = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
      const wildcard = address.address === '0.0.0.0' || address.address === '::';
      url = wildcard ? `http://127.0.0.1:${address.port}` : listening;
      app = http;
      // Before the "listening" line, which is the last a newcomer (and the embedded test)
      // waits for: once it shows, the way to log in has been shown too.
      if (embedded) await announceDemoLogins(config, logger);
      const site = env.PUBLIC_URL?.trim()
        ? config.publicUrl
        : url.replace('127.0.0.1', 'localhost');
      // `url` first, so that scripts and tests reading this line find a loopback address
      // whichever HOST was given.
      logger.log(
        `Puentes (${config.appRole}) is listening on ${url}` +
          (wildcard ? ` (every interface: ${listening})` : '') +
          ` on Node ${process.versions.node} — sign in at ${site}/sign-in, API docs at ${site}/docs`,
      );
    }

    return {
      config,
      app,
      url,
      stop: async () => {
        await app.close();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

function configureHttp(app: NestExpressApplication, config: RuntimeConfig): void {
  app.set('trust proxy', config.trustProxy);
  app.use(
    helmet({
      // Without this, a page served over plain http on any host but localhost asks for its own
      // scripts over https and shows blank (Swagger UI did, inside an agency's network).
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
    }),
  );
  // After helmet (its headers suit the dashboard: scripts of its own, a JSON config block),
  // before the body parser: bull-board reads its own bodies (the few actions it has).
  app.use(
    QUEUE_DASHBOARD_PATH,
    ...queueDashboard({
      queues: queuesOf(app),
      jwt: app.get(JwtService, { strict: false }),
      dataSource: app.get(DataSource),
      corsOrigins: config.corsOrigins,
    }),
  );
  // Document uploads are multipart, streamed by busboy; every other route reads JSON only.
  app.use((req: Request, res: Response, next: NextFunction) =>
    req.is('multipart/form-data') && MULTIPART_ROUTES.some((route) => route.test(req.path))
      ? next()
      : requireJsonBody(req, res, next),
  );
  // Nest types leave `verify` out (it uses it for rawBody), but passes it on to body-parser.
  app.useBodyParser('json', { limit: MAX_JSON_BODY, verify: verifyJsonBody } as object);
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins,
      exposedHeaders: ['Idempotent-Replayed', 'X-Request-Id'],
    });
  }
  app.setGlobalPrefix('api/v1', { exclude: ['health', 'metrics'] });
  app.useGlobalPipes(createValidationPipe());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Puentes API')
      .setDescription(
        'Multi-agency approval workflows for Mexico–United States border-crossing infrastructure ' +
          'projects. Errors are RFC 9457 problem+json; lists are {items,total,limit,offset}; ' +
          'mutating POSTs accept an Idempotency-Key header.',
      )
      .setVersion('1')
      .setLicense(
        'Proprietary (UNLICENSED)',
        'https://docs.npmjs.com/cli/configuring-npm/package-json#license',
      )
      .addServer('/')
      .addBearerAuth()
      // Every route needs the bearer token unless it says otherwise (login, /health).
      .addSecurityRequirements('bearer')
      .addCookieAuth(
        REFRESH_COOKIE,
        { type: 'apiKey', in: 'cookie', description: 'The refresh cookie set by login' },
        REFRESH_COOKIE_AUTH,
      )
      .build(),
  );
  SwaggerModule.setup('docs', app, documentProblems(documentChainSchemas(document)), {
    jsonDocumentUrl: 'docs-json',
  });
}

/** On the embedded default, remind the newcomer how to log in at every start. */
async function announceDemoLogins(config: RuntimeConfig, logger: Logger): Promise<void> {
  try {
    const file = join(resolve(config.dataDir), DEMO_LOGINS_FILE);
    const logins = JSON.parse(await readFile(file, 'utf8')) as DemoLogin[];
    const admin = logins.find((l) => l.roles.includes('admin'));
    if (admin) {
      logger.log(`Demo admin: ${admin.email} / ${admin.password} — every demo login is in ${file}`);
    }
  } catch {
    // No demo was seeded into this database (it held data already, or SEED_DEMO=false).
  }
}
