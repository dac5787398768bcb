import { rm } from 'node:fs/promises';

export default async function globalTeardown(): Promise<void> {
  const database = (globalThis as { puentesTestDatabase?: { stop(): Promise<void> } })
    .puentesTestDatabase;
  if (!database) return;
  await database.stop();
  const dir = process.env.PUENTES_TEST_EMBEDDED_DIR;
  if (dir) await rm(dir, { recursive: true, force: true });
}
