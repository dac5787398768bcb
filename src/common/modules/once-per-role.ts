import type { DynamicModule } from '@nestjs/common';

/**
 * Wraps a `register(options)` so that every importer gets the same module object for a role:
 * Nest tells dynamic modules apart by reference, and a second object imported by another
 * feature module would mount its controllers, processors and schedulers twice.
 */
export function oncePerRole(
  build: (options: { worker: boolean }) => DynamicModule,
): (options: { worker: boolean }) => DynamicModule {
  const built = new Map<boolean, DynamicModule>();
  return (options) => {
    const existing = built.get(options.worker);
    if (existing) return existing;
    const module = build(options);
    built.set(options.worker, module);
    return module;
  };
}
