import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where `npm run build` puts the web apps (vite's outDirs). */
const BUILT = resolve(__dirname, '../../../..');

/**
 * One built single-page app under `prefix` (`/portal`, `/console`). Assets have content hashes in their
 * names, so they are cached for a year; the HTML is `no-store`, so a deploy is seen at the next load. Every
 * other `{prefix}/*` path is the app's own route (`/portal/invite/{token}`, `/console/payouts`…) and gets
 * the HTML.
 */
const serveSinglePageApp = async (
  fastify: FastifyInstance,
  prefix: string,
  dir: string,
): Promise<void> => {
  const indexPath = join(dir, 'index.html');
  if (!existsSync(indexPath)) {
    fastify.get(`${prefix}*`, async (_request, reply) =>
      reply.status(404).send({
        error: { code: 'not_found', message: `${prefix} is not built: run npm run build` },
      }),
    );
    return;
  }
  const html = readFileSync(indexPath);
  await fastify.register(fastifyStatic, {
    root: join(dir, 'assets'),
    prefix: `${prefix}/assets/`,
    immutable: true,
    maxAge: '365d',
    index: false,
    wildcard: true,
    // .br/.gz written at build (scripts/compress-portal.js), chosen by Accept-Encoding.
    preCompressed: true,
    // Registered once per app: only the first may add reply.sendFile.
    decorateReply: false,
  });
  const sendHtml = async (_request: unknown, reply: FastifyReply) =>
    reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('x-frame-options', 'DENY')
      .send(html);
  fastify.get(prefix, sendHtml);
  fastify.get(`${prefix}/`, sendHtml);
  fastify.get(`${prefix}/*`, async (request, reply) => {
    // A missing asset is a 404, not the app: a stale HTML asking for an old bundle must not get HTML back.
    if (request.url.startsWith(`${prefix}/assets/`))
      return reply.status(404).send({ error: { code: 'not_found', message: 'no such asset' } });
    return sendHtml(request, reply);
  });
};

/** `/portal` (PORTAL_DIR overrides where it is) and `/console`. */
export const serveWebApps = async (fastify: FastifyInstance, portalDir?: string): Promise<void> => {
  await serveSinglePageApp(fastify, '/portal', portalDir ?? join(BUILT, 'portal'));
  await serveSinglePageApp(fastify, '/console', join(BUILT, 'console'));
};
