import { createPrivateKey } from 'node:crypto';
import { isIP } from 'node:net';

export type AppRole = 'all' | 'api' | 'worker';

/** The service's configuration, typed and validated once at start (see `loadConfig`). */
export interface AppConfig {
  nodeEnv: string;
  port: number;
  /**
   * The address HTTP listens on (`HOST`). Absent: 127.0.0.1 for the embedded default (its demo
   * passwords are in the log), 0.0.0.0 otherwise (containers, servers behind a proxy).
   */
  host?: string;
  /** The most detailed log level written (`LOG_LEVEL`, default `info`). */
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  /** Bearer token `/metrics` asks for (`METRICS_TOKEN`); absent: `/metrics` is open. */
  metricsToken?: string;
  /** The port a `worker` process serves `/metrics` and `/health` on (`METRICS_PORT`); absent: none. */
  metricsPort?: number;
  /** Absent: an embedded PostgreSQL is started under `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  /** Absent: BullMQ runs on its PostgreSQL backend in the service's database. */
  redisUrl?: string;
  /** Absent: emails are written to the log and kept in the database. */
  smtpUrl?: string;
  /**
   * Longest silence of the SMTP server in one phase of a delivery (connecting, greeting, each
   * reply), in ms (`SMTP_TIMEOUT_MS`). Kept well below the email lease.
   */
  smtpTimeoutMs: number;
  /**
   * Most SMTP connections a process keeps open at once (`SMTP_POOL_SIZE`). An email waits its
   * turn for a connection, and each connection carries one message at a time, a few round trips
   * long: under a burst, the rate of emails is this many connections over a message's time.
   */
  smtpPoolSize: number;
  mailFrom: string;
  /**
   * Where users reach the web app (`https://puentes.example.org`, no trailing slash): every
   * email links to its page under it. Default `http://localhost:PORT`.
   */
  publicUrl: string;
  admin?: { email: string; password: string };
  /** Explicit `SEED_DEMO`, or undefined to let the embedded default decide. */
  seedDemo?: boolean;
  /** Absent: a development secret is generated (kept under `dataDir` on the embedded default). */
  jwtSecret?: string;
  jwtExpiresInSeconds: number;
  /**
   * The Ed25519 private key (PEM, PKCS#8) that signs workflow heads and checkpoints
   * (`AUDIT_SIGNING_KEY`). Absent: generated under `dataDir` on the embedded default, else a
   * key for this process's life. Never stored in the database.
   */
  auditSigningKey?: string;
  appRole: AppRole;
  migrationsRun: boolean;
  corsOrigins: string[];
  queuePrefix: string;
  trustProxy: boolean | number | string;
  loginAttemptsPerMinute: number;
  database: DatabaseTuning;
  /** A session whose refresh cookie goes unused this long ends; also the cookie's Max-Age. */
  sessionIdleDays: number;
  /** Where document files are stored (`STORAGE_URL` and the `S3_*` variables). */
  storage: StorageConfig;
  /** The largest document file accepted, in bytes (`MAX_UPLOAD_MB` × 1 MiB, default 50 MiB). */
  maxUploadBytes: number;
}

/**
 * Where document files go. `filesystem`: under `DATA_DIR/documents` (STORAGE_URL unset).
 * `s3`: the bucket of `STORAGE_URL=s3://bucket`, on AWS or any S3-compatible store at
 * `S3_ENDPOINT` (MinIO); credentials absent → the AWS SDK's default chain (instance roles…).
 */
export type StorageConfig =
  | { kind: 'filesystem'; dir: string }
  | {
      kind: 's3';
      bucket: string;
      /** Absent: AWS itself. Present: path-style requests to this S3-compatible endpoint. */
      endpoint?: string;
      region: string;
      credentials?: { accessKeyId: string; secretAccessKey: string };
    };

/**
 * How long anything may wait on the database, so that no request or job waits for ever
 * (a wedged pool answers 503 instead of hanging). All durations in milliseconds.
 */
export interface DatabaseTuning {
  /** Connections in this process's pool (`DB_POOL_SIZE`). */
  poolSize: number;
  /** Longest wait for a pooled connection before the caller gets an error (`DB_POOL_WAIT_MS`). */
  poolWaitMs: number;
  /** PostgreSQL `statement_timeout` of every pooled session (`DB_STATEMENT_TIMEOUT_MS`). */
  statementTimeoutMs: number;
  /** PostgreSQL `lock_timeout`: longest wait for a row or table lock (`DB_LOCK_TIMEOUT_MS`). */
  lockTimeoutMs: number;
  /**
   * PostgreSQL `idle_in_transaction_session_timeout`: a transaction left open this long by a
   * stuck caller is ended by the server, releasing its locks (`DB_IDLE_IN_TRANSACTION_TIMEOUT_MS`).
   */
  idleInTransactionTimeoutMs: number;
}

/** The defaults of `DatabaseTuning`, for code that opens a data source without a config. */
export const DEFAULT_DATABASE_TUNING: DatabaseTuning = {
  poolSize: 20,
  poolWaitMs: 5_000,
  statementTimeoutMs: 30_000,
  lockTimeoutMs: 10_000,
  idleInTransactionTimeoutMs: 60_000,
};

/** A start-up refusal naming every bad variable, so an operator fixes them all in one go. */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      'Invalid configuration:\n' + problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;
export const MIN_PASSWORD_LENGTH = 12;

/**
 * Reads and validates the environment. Unknown variables are ignored; empty strings count as
 * absent, so `DATABASE_URL=` in a compose file means "use the embedded default".
 */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const problems: { variable: string; message: string }[] = [];
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  const fail = (variable: string, message: string) => problems.push({ variable, message });

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      fail(name, `must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const bool = (name: string): boolean | undefined => {
    const raw = get(name)?.toLowerCase();
    if (raw === undefined) return undefined;
    if (['true', '1', 'yes'].includes(raw)) return true;
    if (['false', '0', 'no'].includes(raw)) return false;
    fail(name, `must be true or false, got "${env[name]}"`);
    return undefined;
  };
  const url = (name: string, protocols: string[]): string | undefined => {
    const raw = get(name);
    if (raw === undefined) return undefined;
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      fail(name, `must be a URL (${protocols.map((p) => p + '//…').join(' or ')})`);
      return undefined;
    }
    if (!protocols.includes(parsed.protocol)) {
      fail(name, `must start with ${protocols.map((p) => p + '//').join(' or ')}`);
      return undefined;
    }
    return raw;
  };

  const nodeEnv = get('NODE_ENV') ?? 'development';

  const appRoleRaw = get('APP_ROLE') ?? 'all';
  let appRole: AppRole = 'all';
  if (appRoleRaw === 'all' || appRoleRaw === 'api' || appRoleRaw === 'worker') appRole = appRoleRaw;
  else fail('APP_ROLE', `must be all, api or worker, got "${appRoleRaw}"`);

  const adminEmail = get('ADMIN_EMAIL');
  const adminPassword = get('ADMIN_PASSWORD');
  let admin: AppConfig['admin'];
  if (adminEmail !== undefined || adminPassword !== undefined) {
    if (adminEmail === undefined) fail('ADMIN_EMAIL', 'is required when ADMIN_PASSWORD is set');
    else if (!EMAIL.test(adminEmail)) fail('ADMIN_EMAIL', `is not an email address`);
    if (adminPassword === undefined) fail('ADMIN_PASSWORD', 'is required when ADMIN_EMAIL is set');
    else if (adminPassword.length < MIN_PASSWORD_LENGTH)
      fail('ADMIN_PASSWORD', `must be at least ${MIN_PASSWORD_LENGTH} characters`);
    if (adminEmail && adminPassword) admin = { email: adminEmail, password: adminPassword };
  }

  const jwtSecret = get('JWT_SECRET');
  if (jwtSecret !== undefined && jwtSecret.length < 32)
    fail('JWT_SECRET', 'must be at least 32 characters');
  if (jwtSecret === undefined && nodeEnv === 'production')
    fail('JWT_SECRET', 'is required when NODE_ENV=production');

  // A multi-line PEM is awkward in an env file; `\n` escapes on one line are accepted too.
  const auditSigningKey = get('AUDIT_SIGNING_KEY')?.replace(/\\n/g, '\n');
  if (auditSigningKey !== undefined) {
    let type: string | undefined;
    try {
      type = createPrivateKey(auditSigningKey).asymmetricKeyType;
    } catch {
      type = undefined;
    }
    if (type !== 'ed25519')
      fail(
        'AUDIT_SIGNING_KEY',
        `must be an Ed25519 private key in PEM (openssl genpkey -algorithm ed25519), got ${type ? `an ${type} key` : 'no readable private key'}`,
      );
  } else if (nodeEnv === 'production') {
    fail('AUDIT_SIGNING_KEY', 'is required when NODE_ENV=production');
  }

  const mailFrom = get('MAIL_FROM') ?? 'Puentes <puentes@localhost>';
  const mailAddress = /<([^>]+)>\s*$/.exec(mailFrom)?.[1] ?? mailFrom;
  if (!EMAIL.test(mailAddress))
    fail('MAIL_FROM', `must be an address or "Name <address>", got "${mailFrom}"`);

  const corsOrigins = (get('CORS_ORIGINS') ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of corsOrigins) {
    try {
      if (new URL(origin).origin !== origin) throw new Error();
    } catch {
      fail('CORS_ORIGINS', `"${origin}" is not an origin like https://portal.example.gob.mx`);
    }
  }

  const queuePrefix = get('QUEUE_PREFIX') ?? '{puentes}';
  if (!/^[A-Za-z0-9_{}-]{1,64}$/.test(queuePrefix))
    fail('QUEUE_PREFIX', 'must be 1–64 characters of A-Z a-z 0-9 _ - { } (no colon)');

  const trustProxyRaw = get('TRUST_PROXY') ?? 'false';
  let trustProxy: AppConfig['trustProxy'] = false;
  if (trustProxyRaw === 'true' || trustProxyRaw === 'false') trustProxy = trustProxyRaw === 'true';
  else if (/^\d+$/.test(trustProxyRaw)) trustProxy = Number(trustProxyRaw);
  else if (trustProxyRaw.split(',').every((a) => isIP(a.trim().split('/')[0]) !== 0))
    trustProxy = trustProxyRaw;
  else fail('TRUST_PROXY', 'must be true, false, a hop count, or a list of proxy addresses');

  const port = int('PORT', 3000, 0, 65535);
  const host = get('HOST');
  if (host !== undefined && host !== 'localhost' && isIP(host) === 0)
    fail('HOST', `must be an IP address (0.0.0.0, ::, 127.0.0.1) or localhost, got "${host}"`);
  const logLevelRaw = get('LOG_LEVEL') ?? 'info';
  const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;
  const logLevel = LOG_LEVELS.find((l) => l === logLevelRaw) ?? 'info';
  if (logLevel !== logLevelRaw) fail('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  const metricsToken = get('METRICS_TOKEN');
  if (metricsToken !== undefined && metricsToken.length < 16)
    fail('METRICS_TOKEN', 'must be at least 16 characters');
  const metricsPort =
    get('METRICS_PORT') === undefined ? undefined : int('METRICS_PORT', 0, 0, 65535);
  const publicUrl =
    url('PUBLIC_URL', ['http:', 'https:'])?.replace(/\/+$/, '') ??
    `http://localhost:${port || 3000}`;
  if (/[?#]/.test(publicUrl)) fail('PUBLIC_URL', 'must not carry a query or a fragment');

  const dataDir = get('DATA_DIR') ?? '.data';
  let storage: StorageConfig = { kind: 'filesystem', dir: `${dataDir}/documents` };
  const storageUrl = url('STORAGE_URL', ['s3:']);
  if (storageUrl !== undefined) {
    const parsed = new URL(storageUrl);
    const bucket = parsed.hostname;
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) || parsed.pathname.length > 1)
      fail(
        'STORAGE_URL',
        `must be s3://bucket with a valid bucket name and no path, got "${storageUrl}"`,
      );
    const accessKeyId = get('AWS_ACCESS_KEY_ID');
    const secretAccessKey = get('AWS_SECRET_ACCESS_KEY');
    if ((accessKeyId === undefined) !== (secretAccessKey === undefined))
      fail(
        accessKeyId === undefined ? 'AWS_ACCESS_KEY_ID' : 'AWS_SECRET_ACCESS_KEY',
        'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set together or not at all',
      );
    storage = {
      kind: 's3',
      bucket,
      endpoint: url('S3_ENDPOINT', ['http:', 'https:']),
      region: get('S3_REGION') ?? 'us-east-1',
      credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    };
  }

  const config: AppConfig = {
    nodeEnv,
    port,
    host,
    logLevel,
    metricsToken,
    metricsPort,
    databaseUrl: url('DATABASE_URL', ['postgres:', 'postgresql:']),
    dataDir,
    redisUrl: url('REDIS_URL', ['redis:', 'rediss:']),
    smtpUrl: url('SMTP_URL', ['smtp:', 'smtps:']),
    smtpTimeoutMs: int('SMTP_TIMEOUT_MS', 30_000, 1_000, 60_000),
    // 50: as many as Postfix accepts from one client by default (smtpd_client_connection_count_limit).
    smtpPoolSize: int('SMTP_POOL_SIZE', 50, 1, 200),
    mailFrom,
    publicUrl,
    admin,
    seedDemo: bool('SEED_DEMO'),
    jwtSecret,
    jwtExpiresInSeconds: int('JWT_EXPIRES_IN', 3600, 60, 86400),
    auditSigningKey,
    appRole,
    migrationsRun: bool('MIGRATIONS_RUN') ?? true,
    corsOrigins,
    queuePrefix,
    trustProxy,
    loginAttemptsPerMinute: int('LOGIN_RATE_LIMIT', 30, 30, 10000),
    database: {
      poolSize: int('DB_POOL_SIZE', DEFAULT_DATABASE_TUNING.poolSize, 1, 500),
      poolWaitMs: int('DB_POOL_WAIT_MS', DEFAULT_DATABASE_TUNING.poolWaitMs, 100, 600_000),
      statementTimeoutMs: int(
        'DB_STATEMENT_TIMEOUT_MS',
        DEFAULT_DATABASE_TUNING.statementTimeoutMs,
        100,
        3_600_000,
      ),
      lockTimeoutMs: int(
        'DB_LOCK_TIMEOUT_MS',
        DEFAULT_DATABASE_TUNING.lockTimeoutMs,
        100,
        3_600_000,
      ),
      idleInTransactionTimeoutMs: int(
        'DB_IDLE_IN_TRANSACTION_TIMEOUT_MS',
        DEFAULT_DATABASE_TUNING.idleInTransactionTimeoutMs,
        1_000,
        3_600_000,
      ),
    },
    sessionIdleDays: int('SESSION_IDLE_DAYS', 30, 1, 365),
    storage,
    maxUploadBytes: int('MAX_UPLOAD_MB', 50, 1, 10_240) * 1024 * 1024,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
