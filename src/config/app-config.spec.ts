import { generateKeyPairSync } from 'node:crypto';
import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('gives the embedded default when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toEqual(
      expect.objectContaining({
        port: 3000,
        databaseUrl: undefined,
        redisUrl: undefined,
        smtpUrl: undefined,
        dataDir: '.data',
        appRole: 'all',
        migrationsRun: true,
        seedDemo: undefined,
        corsOrigins: [],
        queuePrefix: '{puentes}',
        jwtExpiresInSeconds: 3600,
        loginAttemptsPerMinute: 30,
        sessionIdleDays: 30,
        trustProxy: false,
      }),
    );
  });

  it('reads every variable of the contract', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u:p@db:5432/puentes',
      REDIS_URL: 'redis://redis:6379/1',
      SMTP_URL: 'smtp://mailpit:1025',
      MAIL_FROM: 'Puentes <no-reply@puentes.example>',
      ADMIN_EMAIL: 'root@puentes.example',
      ADMIN_PASSWORD: 'a-very-long-password',
      SEED_DEMO: 'false',
      JWT_SECRET: 'x'.repeat(32),
      APP_ROLE: 'worker',
      MIGRATIONS_RUN: 'false',
      DATA_DIR: '/var/lib/puentes',
      CORS_ORIGINS: 'https://a.gob.mx, https://b.gov',
      TRUST_PROXY: '1',
      SESSION_IDLE_DAYS: '7',
    });
    expect(config).toEqual(
      expect.objectContaining({
        port: 8080,
        databaseUrl: 'postgres://u:p@db:5432/puentes',
        redisUrl: 'redis://redis:6379/1',
        smtpUrl: 'smtp://mailpit:1025',
        admin: { email: 'root@puentes.example', password: 'a-very-long-password' },
        seedDemo: false,
        appRole: 'worker',
        migrationsRun: false,
        dataDir: '/var/lib/puentes',
        corsOrigins: ['https://a.gob.mx', 'https://b.gov'],
        trustProxy: 1,
        sessionIdleDays: 7,
      }),
    );
  });

  it('PUBLIC_URL: an http(s) URL without a trailing slash; default http://localhost:PORT', () => {
    expect(loadConfig({}).publicUrl).toBe('http://localhost:3000');
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ PUBLIC_URL: 'https://puentes.example.org/app/' }).publicUrl).toBe(
      'https://puentes.example.org/app',
    );
    for (const bad of ['puentes.example.org', 'ftp://example.org', 'https://x.org/?a=1']) {
      expect(() => loadConfig({ PUBLIC_URL: bad })).toThrow(/PUBLIC_URL/);
    }
  });

  it('HOST, LOG_LEVEL, METRICS_TOKEN and METRICS_PORT: defaults, validated when set', () => {
    expect(loadConfig({})).toEqual(
      expect.objectContaining({ host: undefined, metricsToken: undefined, metricsPort: undefined }),
    );
    expect(
      loadConfig({ HOST: '::', METRICS_TOKEN: 'a-token-of-16-chars', METRICS_PORT: '9464' }),
    ).toEqual(
      expect.objectContaining({
        host: '::',
        metricsToken: 'a-token-of-16-chars',
        metricsPort: 9464,
      }),
    );
    expect(loadConfig({}).logLevel).toBe('info');
    expect(loadConfig({ LOG_LEVEL: 'debug' }).logLevel).toBe('debug');
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL: must be one of/);
    expect(() => loadConfig({ HOST: 'example.org' })).toThrow(/HOST: must be an IP address/);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(() => loadConfig({ METRICS_PORT: 'x' })).toThrow(/METRICS_PORT/);
  });

  it('STORAGE_URL, S3_* and MAX_UPLOAD_MB: the filesystem under DATA_DIR by default, else S3', () => {
    expect(loadConfig({ DATA_DIR: '/srv/puentes' })).toEqual(
      expect.objectContaining({
        storage: { kind: 'filesystem', dir: '/srv/puentes/documents' },
        maxUploadBytes: 50 * 1024 * 1024,
      }),
    );
    const s3 = loadConfig({
      STORAGE_URL: 's3://puentes-documents',
      S3_ENDPOINT: 'http://minio:9000',
      S3_REGION: 'us-west-2',
      AWS_ACCESS_KEY_ID: 'puentes',
      AWS_SECRET_ACCESS_KEY: 'a-secret-key',
      MAX_UPLOAD_MB: '200',
    });
    expect(s3.storage).toEqual({
      kind: 's3',
      bucket: 'puentes-documents',
      endpoint: 'http://minio:9000',
      region: 'us-west-2',
      credentials: { accessKeyId: 'puentes', secretAccessKey: 'a-secret-key' },
    });
    expect(s3.maxUploadBytes).toBe(200 * 1024 * 1024);
    expect(loadConfig({ STORAGE_URL: 's3://b-1' }).storage).toEqual(
      expect.objectContaining({ region: 'us-east-1', endpoint: undefined, credentials: undefined }),
    );
    const refused = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        return (error as ConfigError).problems.map((p) => p.variable);
      }
      return [];
    };
    expect(refused({ STORAGE_URL: 'file:///srv/docs' })).toEqual(['STORAGE_URL']);
    expect(refused({ STORAGE_URL: 's3://bucket/with/path' })).toEqual(['STORAGE_URL']);
    expect(refused({ STORAGE_URL: 's3://b-1', AWS_ACCESS_KEY_ID: 'only-the-id' })).toEqual([
      'AWS_SECRET_ACCESS_KEY',
    ]);
    expect(refused({ STORAGE_URL: 's3://b-1', S3_ENDPOINT: 'minio:9000' })).toEqual([
      'S3_ENDPOINT',
    ]);
    expect(refused({ MAX_UPLOAD_MB: '0' })).toEqual(['MAX_UPLOAD_MB']);
  });

  it('treats empty strings as absent', () => {
    expect(loadConfig({ DATABASE_URL: '', REDIS_URL: ' ' }).databaseUrl).toBeUndefined();
  });

  it('names every bad variable at once', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({
        PORT: '70000',
        DATABASE_URL: 'mysql://x',
        REDIS_URL: 'not a url',
        SMTP_URL: 'http://mail',
        ADMIN_EMAIL: 'root@x.org',
        JWT_SECRET: 'short',
        APP_ROLE: 'both',
        SEED_DEMO: 'maybe',
        CORS_ORIGINS: '*',
        QUEUE_PREFIX: 'a:b',
        LOGIN_RATE_LIMIT: '5',
        MAIL_FROM: 'nobody',
        SESSION_IDLE_DAYS: '0',
      });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems.map((p) => p.variable).sort()).toEqual([
      'ADMIN_PASSWORD',
      'APP_ROLE',
      'CORS_ORIGINS',
      'DATABASE_URL',
      'JWT_SECRET',
      'LOGIN_RATE_LIMIT',
      'MAIL_FROM',
      'PORT',
      'QUEUE_PREFIX',
      'REDIS_URL',
      'SEED_DEMO',
      'SESSION_IDLE_DAYS',
      'SMTP_URL',
    ]);
    expect(error!.message).toMatch(/PORT: must be an integer from 0 to 65535, got "70000"/);
  });

  it('requires JWT_SECRET in production and a long enough admin password', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: is required/);
    expect(() => loadConfig({ ADMIN_EMAIL: 'a@b.org', ADMIN_PASSWORD: 'short' })).toThrow(
      /ADMIN_PASSWORD: must be at least 12/,
    );
  });

  describe('AUDIT_SIGNING_KEY', () => {
    const ed25519 = generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();

    it('takes an Ed25519 private key in PEM, also with \\n escapes on one line', () => {
      expect(loadConfig({ AUDIT_SIGNING_KEY: ed25519 }).auditSigningKey).toBe(ed25519.trim());
      const oneLine = ed25519.trim().replace(/\n/g, '\\n');
      expect(loadConfig({ AUDIT_SIGNING_KEY: oneLine }).auditSigningKey).toBe(ed25519.trim());
      expect(loadConfig({}).auditSigningKey).toBeUndefined();
    });

    it('refuses another kind of key, a public key or no key at all, naming the variable only', () => {
      const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString();
      const publicOnly = generateKeyPairSync('ed25519')
        .publicKey.export({ type: 'spki', format: 'pem' })
        .toString();
      for (const [value, said] of [
        [rsa, /AUDIT_SIGNING_KEY: must be an Ed25519 private key.*got an rsa key/],
        [publicOnly, /AUDIT_SIGNING_KEY: must be an Ed25519 private key.*no readable private key/],
        ['secret', /AUDIT_SIGNING_KEY: must be an Ed25519 private key/],
      ] as const) {
        let error: ConfigError | undefined;
        try {
          loadConfig({ AUDIT_SIGNING_KEY: value });
        } catch (e) {
          error = e as ConfigError;
        }
        expect(error).toBeInstanceOf(ConfigError);
        expect(error!.problems.map((p) => p.variable)).toEqual(['AUDIT_SIGNING_KEY']);
        expect(error!.message).toMatch(said);
        expect(error!.message).not.toContain('PRIVATE KEY');
      }
    });

    it('is required in production', () => {
      expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) })).toThrow(
        /AUDIT_SIGNING_KEY: is required when NODE_ENV=production/,
      );
      expect(
        loadConfig({
          NODE_ENV: 'production',
          JWT_SECRET: 'x'.repeat(32),
          AUDIT_SIGNING_KEY: ed25519,
        }).auditSigningKey,
      ).toBe(ed25519.trim());
    });
  });
});
