import '@fastify/cookie';
import type { Runtime } from '@threadtrak/application';
import {
  hashIp,
  newClickId,
  newVisitorId,
  parseLink,
  VisitorCookie,
  withClickId,
  type ParsedLink,
} from '@threadtrak/links';
import type { AffiliateState, Product } from '@threadtrak/ledger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Stripe from 'stripe';
import { CheckoutSessions } from './checkout-sessions';
import { ClickThrottle } from './click-throttle';
import { UserAgents } from './user-agents';

const VISITOR_COOKIE = 'tt_vid';

/**
 * `GET /r/{refCode}[/p|/buy/{productId}][?c=campaign]` — the hot path. A raw Fastify route (no Nest
 * pipeline): look up the ref code in memory, append one ClickRecorded, answer 302 once it is stored.
 * The shopper never sees an error: anything unknown goes to the shop, recording nothing.
 */
export const registerRedirect = (
  fastify: FastifyInstance,
  runtime: Runtime,
  stripe: Stripe | null,
): void => {
  const { config } = runtime;
  const visitors = new VisitorCookie(runtime.visitorSecret);
  const throttle = new ClickThrottle();
  const userAgents = new UserAgents();
  const sessions = stripe ? new CheckoutSessions(stripe) : null;
  const toShop = (reply: FastifyReply) =>
    reply
      .code(302)
      .header('cache-control', 'no-store')
      .header('location', config.shopBaseUrl)
      .send();

  fastify.get('/r/*', async (request: FastifyRequest, reply: FastifyReply) => {
    const link = parseLink(request.url);
    if (!link) return toShop(reply);
    const affiliate = await activeAffiliate(runtime, link.refCode);
    if (!affiliate) return toShop(reply);
    const product = link.productId ? await knownProduct(runtime, link.productId) : undefined;
    if (link.kind !== 'canonical' && !product) return toShop(reply);

    const cookie = (request.cookies as Record<string, string | undefined>)[VISITOR_COOKIE];
    const knownVisitor = visitors.verify(cookie);
    const visitorId = knownVisitor ?? newVisitorId();
    const clickId = newClickId();
    const userAgent = userAgents.of(request.headers['user-agent']);
    const bot = request.method === 'HEAD' || userAgent.bot;
    const ipHash = hashIp(request.ip, runtime.ipHashSalt);
    const throttled = !throttle.take(ipHash);
    const destination = await destinationOf(link, product, {
      bot,
      clickId,
      visitorId,
      affiliateId: affiliate.affiliateId,
      sessions,
      config,
    });

    await runtime.recordClick.execute({
      clickId,
      visitorId,
      affiliateId: affiliate.affiliateId,
      refCode: affiliate.refCode,
      linkKind: link.kind,
      ...(link.productId ? { productId: link.productId } : {}),
      ...(link.campaign ? { campaign: link.campaign } : {}),
      bot,
      ipHash,
      userAgentHash: userAgent.hash,
      ...(throttled ? { throttled } : {}),
      occurredAt: runtime.clock.now().toISOString(),
    });
    // A valid cookie is kept as it is (no second HMAC); a new visitor gets a signed one.
    void reply.setCookie(VISITOR_COOKIE, knownVisitor ? cookie! : visitors.sign(visitorId), {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      maxAge: runtime.directory.cookieWindowDays() * 86_400,
      secure: config.publicBaseUrl.startsWith('https:'),
    });
    return reply
      .code(302)
      .header('cache-control', 'no-store')
      .header('location', withClickId(destination, clickId))
      .send();
  });
};

const activeAffiliate = async (
  runtime: Runtime,
  refCode: string,
): Promise<AffiliateState | undefined> => {
  let affiliate = runtime.directory.affiliateByRefCode(refCode);
  if (!affiliate) {
    // Registered a moment ago by another process: the log knows before this process's directory does.
    const affiliateId = await runtime.facts.affiliateOfRefCode(refCode);
    affiliate = (affiliateId && (await runtime.facts.affiliate(affiliateId))) || undefined;
  }
  return affiliate?.status === 'active' ? affiliate : undefined;
};

const knownProduct = async (runtime: Runtime, productId: string): Promise<Product | undefined> =>
  runtime.directory.product(productId) ?? (await runtime.facts.product(productId)) ?? undefined;

/** Bots never create Checkout Sessions; a session Stripe cannot give in time lands on the product's checkout page. */
const destinationOf = async (
  link: ParsedLink,
  product: Product | undefined,
  context: {
    bot: boolean;
    clickId: string;
    visitorId: string;
    affiliateId: string;
    sessions: CheckoutSessions | null;
    config: Runtime['config'];
  },
): Promise<string> => {
  if (link.kind === 'canonical' || !product) return context.config.shopBaseUrl;
  if (link.kind === 'product') return product.url;
  const { stripePriceId } = product;
  if (context.sessions && stripePriceId && !context.bot) {
    const url = await context.sessions.urlFor({
      product: { ...product, stripePriceId },
      clickId: context.clickId,
      visitorId: context.visitorId,
      affiliateId: context.affiliateId,
    });
    if (url) return url;
  }
  return product.checkoutUrl ?? product.url;
};
