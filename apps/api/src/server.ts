import cookie from '@fastify/cookie';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig, Runtime } from '@threadtrak/application';
import { createEventStore } from '@threadtrak/event-store';
import { createLogger, RUNTIME, type WiringOptions } from '@threadtrak/wiring';
import { LogController, type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import { Logger as NestLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import type { IncomingMessage } from 'node:http';
import { AppModule } from './app.module';
import { toErrorResponse } from './http/error-filter';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './http/json-depth';
import { setUpOpenApi } from './http/openapi';
import { badInput, validationPipe } from './http/validation';
import { STRIPE_CHECKOUT_OPTIONS } from './redirect/checkout-sessions';
import { throttleLogins } from './auth/login-throttle';
import { serveWebApps } from './auth/portal-static';
import { registerRedirect } from './redirect/redirect.route';
import { stripeClient } from '@threadtrak/payouts';
import { requestIdOf } from './observability/access-line';
import { CountingEventStore, storeKind } from './observability/counting-event-store';
import { Metrics } from './observability/metrics';
import { ObservabilityModule } from './observability/observability.module';
import { observeRequests } from './observability/request-hooks';

export interface HttpAppOptions extends WiringOptions {
  /** The log's consumers run in this process too (`npm start`). */
  worker: boolean;
  /** Default: JSON lines on stdout at LOG_LEVEL. */
  logger?: Logger;
}

/** Builds the HTTP app (and with `worker`, the log's consumers in the same process); `listen` is the caller's. */
export const createHttpApp = async (
  config: AppConfig,
  options: HttpAppOptions,
): Promise<NestFastifyApplication> => {
  const logger = options.logger ?? createLogger(config);
  const metrics = new Metrics();
  const store = new CountingEventStore(
    options.store ?? (await createEventStore(config.eventStoreUrl)),
    metrics.eventsAppended,
    storeKind(config.eventStoreUrl),
  );
  const adapter = new FastifyAdapter({
    bodyLimit: 1_048_576,
    maxParamLength: 1024,
    loggerInstance: logger,
    // The access line is ours (observability/request-hooks.ts): Fastify's two lines per request are off.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: (request: IncomingMessage) => requestIdOf(request.headers['x-request-id']),
    trustProxy: config.trustProxy,
    // A URL the router cannot take (bad percent-encoding, a parameter over maxParamLength) is bad input;
    // on a link it is a shopper who must still land in the shop.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      if (request.url.startsWith('/r/')) {
        void reply
          .code(302)
          .header('cache-control', 'no-store')
          .header('location', config.shopBaseUrl)
          .send();
        return;
      }
      const { status, body } = toErrorResponse(
        badInput(`the URL cannot be read: ${error.message}`, [error.code]),
      );
      void reply.status(status).header('cache-control', 'no-store').send(body);
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    {
      module: class ApiApplication {},
      imports: [
        AppModule.forRoot(config, { ...options, store }),
        ObservabilityModule.forRoot(logger, metrics),
      ],
    },
    adapter,
    { rawBody: true, bufferLogs: true, abortOnError: false },
  );
  app.useLogger(app.get(NestLogger));
  app.useGlobalPipes(validationPipe);
  const runtime = app.get<Runtime>(RUNTIME);
  const fastify = app.getHttpAdapter().getInstance();
  observeRequests(fastify as never, metrics);
  await app.register(cookie as never);
  // Errors Fastify raises before Nest sees the request (malformed JSON, body too large) get our shape too.
  fastify.setErrorHandler((error, _request, reply) => {
    const { status, body } = toErrorResponse(error);
    void reply.status(status).send(body);
  });
  fastify.addHook('preValidation', async (request) => {
    if (nestsDeeperThan(request.body)) {
      throw badInput(`the body nests deeper than ${MAX_JSON_DEPTH} levels`, [
        { field: 'body', problems: ['nested too deep'] },
      ]);
    }
  });
  const { secretKey, apiBase } = runtime.config.stripe;
  registerRedirect(
    fastify as never,
    runtime,
    secretKey ? stripeClient(secretKey, { apiBase, ...STRIPE_CHECKOUT_OPTIONS }) : null,
  );
  await throttleLogins(fastify as never, runtime.config, runtime.emailHashSecret);
  await serveWebApps(fastify as never, config.portalDir);
  setUpOpenApi(app);
  await app.init();
  return app;
};
