import { isIP } from 'node:net';

export type AppRole = 'all' | 'api' | 'worker';

/** The service's configuration, typed and validated once at start (see `loadConfig`). */
export interface AppConfig {
  nodeEnv: string;
  port: number;
  /** Absent: an embedded PostgreSQL is started under `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  /** Absent: BullMQ runs on its PostgreSQL backend in the service's database. */
  redisUrl?: string;
  /** Absent: emails are written to the log and kept in the database. */
  smtpUrl?: string;
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
  appRole: AppRole;
  migrationsRun: boolean;
  corsOrigins: string[];
  queuePrefix: string;
  trustProxy: boolean | number | string;
  loginAttemptsPerMinute: number;
  /** A session whose refresh cookie goes unused this long ends; also the cookie's Max-Age. */
  sessionIdleDays: number;
}

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
  const publicUrl =
    url('PUBLIC_URL', ['http:', 'https:'])?.replace(/\/+$/, '') ??
    `http://localhost:${port || 3000}`;
  if (/[?#]/.test(publicUrl)) fail('PUBLIC_URL', 'must not carry a query or a fragment');

  const config: AppConfig = {
    nodeEnv,
    port,
    databaseUrl: url('DATABASE_URL', ['postgres:', 'postgresql:']),
    dataDir: get('DATA_DIR') ?? '.data',
    redisUrl: url('REDIS_URL', ['redis:', 'rediss:']),
    smtpUrl: url('SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom,
    publicUrl,
    admin,
    seedDemo: bool('SEED_DEMO'),
    jwtSecret,
    jwtExpiresInSeconds: int('JWT_EXPIRES_IN', 3600, 60, 86400),
    appRole,
    migrationsRun: bool('MIGRATIONS_RUN') ?? true,
    corsOrigins,
    queuePrefix,
    trustProxy,
    loginAttemptsPerMinute: int('LOGIN_RATE_LIMIT', 30, 30, 10000),
    sessionIdleDays: int('SESSION_IDLE_DAYS', 30, 1, 365),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
