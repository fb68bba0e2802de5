import { existsSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import {
  bodyDepthGuard,
  bodyParserErrorHandler,
  createValidationPipe,
  requestContextMiddleware,
} from '@outfall/common';
import { AppConfig } from '@outfall/config';
import { httpObservability, MetricsService, metricsHandler, ROOT_LOGGER } from '@outfall/observability';
import compression from 'compression';
import type { Express, NextFunction, Request, Response } from 'express';
import { json, static as serveStatic } from 'express';
import helmet from 'helmet';
import { createOpenApiDocument } from './openapi';

const API_PATHS = /^\/(api|graphql|health)(\/|$)/;
/** Bodies smaller than this go out as they are (compressing them costs more than it saves). */
const COMPRESSION_THRESHOLD_BYTES = 1024;
/** Vite's output file names carry a content hash (`index-DmHefMnF.js`): such a file never changes. */
const HASHED_ASSET = /^\/assets\/.+-[\w-]{8,}\.\w+$/;

/**
 * gzip/deflate for compressible answers above the threshold (the SPA's assets, API JSON, cached public
 * answers), except a file download (Content-Disposition: its length and bytes reach the client as they are)
 * and a server-sent event stream (each event must leave at once).
 */
function shouldCompress(req: Request, res: Response): boolean {
  if (res.getHeader('Content-Disposition')) return false;
  if (String(res.getHeader('Content-Type') ?? '').startsWith('text/event-stream')) return false;
  return compression.filter(req, res);
}

/**
 * Everything about the HTTP edge, shared by `main.ts` and the test bootstrap so tests exercise the real
 * pipeline: request ids, logs and metrics, security headers, body limits, the validation pipe, OpenAPI, the SPA.
 */
export async function configureApp(app: NestExpressApplication): Promise<void> {
  const config = app.get(AppConfig);
  app.set('trust proxy', 'loopback');
  app.use(requestContextMiddleware);
  // request clock, latency histogram, access log (JSON, with the request id and the user)
  const metrics = app.get(MetricsService);
  app.use(...httpObservability(config, metrics, app.get(ROOT_LOGGER)));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          connectSrc: ["'self'"],
          workerSrc: ["'self'", 'blob:'],
        },
      },
    }),
  );
  app.use(compression({ threshold: COMPRESSION_THRESHOLD_BYTES, filter: shouldCompress }));
  app.use(json({ limit: config.BODY_LIMIT }));
  app.use(bodyParserErrorHandler);
  app.use(bodyDepthGuard);
  // Prometheus metrics, behind the METRICS_TOKEN bearer token (404 while it is unset)
  (app.getHttpAdapter().getInstance() as Express).get('/metrics', metricsHandler(config, metrics));
  app.setGlobalPrefix('api/v1', { exclude: ['health', 'health/live', 'health/ready', 'api/v1/meta'] });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  const document = await createOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });

  const spaDir = resolve(config.SPA_DIR);
  if (existsSync(join(spaDir, 'index.html'))) {
    // the SPA's files, API requests skipping the file-system lookup (a stat per request otherwise); hashed build
    // output is cached for good (a new release has new names), anything else is revalidated
    const assets = serveStatic(spaDir, {
      index: false,
      setHeaders: (res, path) => {
        const relative = path.slice(spaDir.length).split(sep).join('/');
        res.setHeader(
          'Cache-Control',
          HASHED_ASSET.test(relative) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
    app.use((req: Request, res: Response, next: NextFunction) =>
      API_PATHS.test(req.path) ? next() : assets(req, res, next),
    );
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (req.method !== 'GET' || API_PATHS.test(req.path) || !req.accepts('html')) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(join(spaDir, 'index.html'));
    });
  }
}
