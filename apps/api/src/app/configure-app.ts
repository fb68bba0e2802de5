import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
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
import type { Express, NextFunction, Request, Response } from 'express';
import { json } from 'express';
import helmet from 'helmet';
import { createOpenApiDocument } from './openapi';

const API_PATHS = /^\/(api|graphql|health)(\/|$)/;

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
    app.useStaticAssets(spaDir, { index: false, maxAge: '1h' });
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (req.method !== 'GET' || API_PATHS.test(req.path) || !req.accepts('html')) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(join(spaDir, 'index.html'));
    });
  }
}
