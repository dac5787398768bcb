import { Logger } from '@nestjs/common';
import { ConfigError } from './config/app-config';
import { startPuentes } from './bootstrap';

const STOP_TIMEOUT_MS = 20_000;

async function main(): Promise<void> {
  const running = await startPuentes(process.env);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    new Logger('Puentes').log(`${signal} received: stopping`);
    // A stop that hangs (its database vanished first, say) must not keep the process alive.
    setTimeout(() => {
      new Logger('Puentes').error(`Did not stop within ${STOP_TIMEOUT_MS / 1000} s: exiting`);
      process.exit(1);
    }, STOP_TIMEOUT_MS).unref();
    running.stop().then(
      () => {
        new Logger('Puentes').log('Puentes stopped.');
        process.exit(0);
      },
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
