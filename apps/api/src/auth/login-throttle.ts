import rateLimit, { type RateLimitOptions } from '@fastify/rate-limit';
import { emailHash, type AppConfig } from '@threadtrak/application';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';

type Hook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

const WINDOW = '15 minutes';
/** Failed or not, every attempt counts: a person needs a few, a password guesser needs thousands. */
const LOGIN_LIMITS = { perAccount: 10, perIp: 30, consolePerIp: 10 };

const tooMany = (_request: FastifyRequest, context: { after: string }) =>
  Object.assign(new Error(`Too many login attempts. Try again in ${context.after}.`), {
    statusCode: 429,
  });

/**
 * `POST /v1/auth/login` is limited per account (the email) and per IP, each with its own counter (in Redis
 * when REDIS_URL is set, so every api process shares them). @fastify/rate-limit marks a request as counted
 * once per registration, so each limit is its own registration in its own plugin scope.
 * `POST /v1/console/login` (one account: the admin token) has its own, tighter counter per IP.
 */
export const throttleLogins = async (
  fastify: FastifyInstance,
  config: Pick<AppConfig, 'redisUrl' | 'redisPrefix'>,
  emailHashSecret: string,
): Promise<void> => {
  const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 2 }) : null;
  if (redis) fastify.addHook('onClose', async () => redis.disconnect());
  const limiter = async (name: string, options: RateLimitOptions): Promise<Hook> => {
    let hook: Hook | undefined;
    await fastify.register(async (scope) => {
      await scope.register(rateLimit, {
        global: false,
        ...(redis
          ? { redis, nameSpace: `${config.redisPrefix.replace(/:$/, '')}-login-${name}:` }
          : {}),
      });
      hook = scope.rateLimit({
        timeWindow: WINDOW,
        errorResponseBuilder: tooMany,
        ...options,
      }) as Hook;
    });
    return hook!;
  };
  const perIp = await limiter('ip', { max: LOGIN_LIMITS.perIp });
  const perAccount = await limiter('account', {
    max: LOGIN_LIMITS.perAccount,
    keyGenerator: (request) => {
      const email = (request.body as { email?: unknown } | undefined)?.email;
      return typeof email === 'string' ? emailHash(emailHashSecret, email) : `ip:${request.ip}`;
    },
  });
  const consolePerIp = await limiter('console-ip', { max: LOGIN_LIMITS.consolePerIp });
  fastify.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST') return;
    if (request.routeOptions.url === '/v1/console/login') return consolePerIp(request, reply);
    if (request.routeOptions.url !== '/v1/auth/login') return;
    await perIp(request, reply);
    await perAccount(request, reply);
  });
};
