import type { FastifyInstance } from 'fastify';
import { loggableUrl } from './access-line';
import type { Metrics } from './metrics';

/**
 * Every request: its id echoed in `X-Request-Id`, its count and latency by route template, and one access
 * line (`msg: "request"`) with the request id Fastify's request logger carries. Fastify hooks rather than
 * Nest middleware: they run on the raw redirect route too, at a fraction of a middleware's cost. The line
 * holds no header, no body and a URL whose credentials are masked (`loggableUrl`).
 */
export const observeRequests = (fastify: FastifyInstance, metrics: Metrics): void => {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const method = request.method;
    const status = reply.statusCode;
    metrics.httpRequests.inc({ method, route, status });
    metrics.httpDuration.observe({ method, route }, reply.elapsedTime / 1000);
    request.log.info(
      {
        method,
        route,
        url: loggableUrl(request.url),
        status,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
    done();
  });
};
