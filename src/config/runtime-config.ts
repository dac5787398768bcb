import { Inject } from '@nestjs/common';
import type { AppConfig } from './app-config';

/** The configuration once start-up has resolved the embedded defaults. */
export interface RuntimeConfig extends AppConfig {
  databaseUrl: string;
  jwtSecret: string;
  /** The Ed25519 private key (PEM) that signs workflow heads and checkpoints. */
  auditSigningKey: string;
  seedDemo: boolean;
  /** True when Puentes started its own PostgreSQL under DATA_DIR. */
  embedded: boolean;
}

export const RUNTIME_CONFIG = Symbol('RUNTIME_CONFIG');
export const InjectConfig = () => Inject(RUNTIME_CONFIG);
