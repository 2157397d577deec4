import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where `npm run build` puts the portal (vite's outDir); PORTAL_DIR (`config.portalDir`) overrides it. */
const BUILT_PORTAL = resolve(__dirname, '../../../../portal');

/**
 * `/portal`: the built single-page app. Assets have content hashes in their names, so they are cached for a
 * year; the HTML is `no-store`, so a deploy is seen at the next load. Every other `/portal/*` path is the
 * app's own route (`/portal/invite/{token}`, `/portal/links`…) and gets the HTML.
 */
export const servePortal = async (
  fastify: FastifyInstance,
  dir: string = BUILT_PORTAL,
): Promise<void> => {
  const indexPath = join(dir, 'index.html');
  if (!existsSync(indexPath)) {
    fastify.get('/portal*', async (_request, reply) =>
      reply.status(404).send({
        error: { code: 'not_found', message: 'the portal is not built: run npm run build' },
      }),
    );
    return;
  }
  const html = readFileSync(indexPath);
  await fastify.register(fastifyStatic, {
    root: join(dir, 'assets'),
    prefix: '/portal/assets/',
    immutable: true,
    maxAge: '365d',
    index: false,
    wildcard: true,
    // .br/.gz written at build (scripts/compress-portal.js), chosen by Accept-Encoding.
    preCompressed: true,
  });
  const sendHtml = async (_request: unknown, reply: import('fastify').FastifyReply) =>
    reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .send(html);
  fastify.get('/portal', sendHtml);
  fastify.get('/portal/', sendHtml);
  fastify.get('/portal/*', async (request, reply) => {
    // A missing asset is a 404, not the app: a stale HTML asking for an old bundle must not get HTML back.
    if (request.url.startsWith('/portal/assets/'))
      return reply.status(404).send({ error: { code: 'not_found', message: 'no such asset' } });
    return sendHtml(request, reply);
  });
};
