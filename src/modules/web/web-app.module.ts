import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import type { Response } from 'express';

/**
 * Paths the web app never answers: the API, its docs, operations routes, and `/assets/*` (a
 * hashed file that is not there is a 404, not the app — a stale tab must not run index.html
 * as a script).
 */
export const NOT_THE_WEB_APP = /^\/(?:api|docs|docs-json|health|metrics|admin|assets)(?:[/?]|$)/;

/** A year: the files under /assets carry their content hash in their names. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Where `vite build` leaves the web app: `web/dist` at the repository root, whether this file
 * runs from `src/` (tests, ts) or from `dist/src/` (the compiled service). `WEB_DIST_DIR`
 * overrides it (a container that keeps the build elsewhere).
 */
export function webDistDir(env: Record<string, string | undefined> = process.env): string {
  if (env.WEB_DIST_DIR) return resolve(env.WEB_DIST_DIR);
  const candidates = [
    join(__dirname, '..', '..', '..', 'web', 'dist'),
    join(__dirname, '..', '..', '..', '..', 'web', 'dist'),
  ];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[0];
}

/**
 * Serves the web app (`web/dist`) at `/`, falling back to its index.html for every path outside
 * {@link NOT_THE_WEB_APP}, so deep links from emails work. index.html is revalidated on every
 * load (a new release shows at once); hashed assets are cached for a year. Without a build the
 * service still starts — the API does not need the app — and says so in the log.
 */
@Module({})
export class WebAppModule {
  static register(): DynamicModule {
    const root = webDistDir();
    if (!existsSync(join(root, 'index.html'))) {
      new Logger('WebApp').warn(
        `No web app build at ${root}: the API runs, but / does not serve the app. ` +
          'Run `npm run build` (or `npm start`, which builds it).',
      );
      return { module: WebAppModule };
    }
    return {
      module: WebAppModule,
      imports: [
        ServeStaticModule.forRoot({
          rootPath: root,
          exclude: NOT_THE_WEB_APP,
          serveStaticOptions: {
            index: false,
            setHeaders: (res: Response, path: string) => {
              res.setHeader(
                'Cache-Control',
                path.includes(`${join(root, 'assets')}`) ? IMMUTABLE : 'no-cache',
              );
            },
          },
        }),
      ],
    };
  }
}
