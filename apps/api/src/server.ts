import cookie from '@fastify/cookie';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Runtime } from '@threadtrak/application';
import Stripe from 'stripe';
import { AppModule } from './app.module';
import { toErrorResponse } from './http/error-filter';
import { setUpOpenApi } from './http/openapi';
import { validationPipe } from './http/validation';
import { throttleLogins } from './auth/login-throttle';
import { servePortal } from './auth/portal-static';
import { registerRedirect } from './redirect/redirect.route';

/** Builds the HTTP app on a runtime; `listen` is the caller's. Tests use it with `app.inject` or a port. */
export const createHttpApp = async (runtime: Runtime, options: { logger?: boolean } = {}): Promise<NestFastifyApplication> => {
  const adapter = new FastifyAdapter({ bodyLimit: 1_048_576, maxParamLength: 1024, logger: false, trustProxy: process.env.TRUST_PROXY === 'true' });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.withRuntime(runtime), adapter, {
    rawBody: true,
    logger: options.logger === false ? false : ['error', 'warn', 'log'],
  });
  app.useGlobalPipes(validationPipe);
  const fastify = app.getHttpAdapter().getInstance();
  await app.register(cookie as never);
  // Errors Fastify raises before Nest sees the request (malformed JSON, body too large) get our shape too.
  fastify.setErrorHandler((error, _request, reply) => {
    const { status, body } = toErrorResponse(error);
    void reply.status(status).send(body);
  });
  const { secretKey, apiBase } = runtime.config.stripe;
  registerRedirect(fastify as never, runtime, secretKey ? new Stripe(secretKey, stripeHost(apiBase)) : null);
  await throttleLogins(fastify as never, runtime.config);
  await servePortal(fastify as never);
  setUpOpenApi(app);
  await app.init();
  return app;
};

/** `STRIPE_API_BASE=http://127.0.0.1:12111` points the real client at another host. */
export const stripeHost = (apiBase?: string): Stripe.StripeConfig => {
  if (!apiBase) return {};
  const url = new URL(apiBase);
  return { host: url.hostname, port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)), protocol: url.protocol.replace(':', '') as 'http' | 'https' };
};
