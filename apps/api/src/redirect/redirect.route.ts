import '@fastify/cookie';
import type { Runtime } from '@threadtrak/application';
import { hashIp, isBot, isVisitorId, newClickId, newVisitorId, parseLink, withClickId, type ParsedLink } from '@threadtrak/links';
import type { AffiliateState, Product } from '@threadtrak/ledger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Stripe from 'stripe';

const VISITOR_COOKIE = 'tt_vid';

/**
 * `GET /r/{refCode}[/p|/buy/{productId}][?c=campaign]` — the hot path. A raw Fastify route (no Nest
 * pipeline): look up the ref code in memory, append one ClickRecorded, answer 302 once it is stored.
 * The shopper never sees an error: anything unknown goes to the shop, recording nothing.
 */
export const registerRedirect = (fastify: FastifyInstance, runtime: Runtime, stripe: Stripe | null): void => {
  const { config } = runtime;
  const toShop = (reply: FastifyReply) => reply.code(302).header('cache-control', 'no-store').header('location', config.shopBaseUrl).send();

  fastify.get('/r/*', async (request: FastifyRequest, reply: FastifyReply) => {
    const link = parseLink(request.url);
    if (!link) return toShop(reply);
    const affiliate = await activeAffiliate(runtime, link.refCode);
    if (!affiliate) return toShop(reply);
    const product = link.productId ? await knownProduct(runtime, link.productId) : undefined;
    if (link.kind !== 'canonical' && !product) return toShop(reply);

    const cookie = (request.cookies as Record<string, string | undefined>)[VISITOR_COOKIE];
    const visitorId = isVisitorId(cookie) ? cookie : newVisitorId();
    const clickId = newClickId(visitorId);
    const bot = isBot({ method: request.method, userAgent: request.headers['user-agent'] });
    const destination = await destinationOf(link, product, { bot, clickId, visitorId, stripe, config });

    await runtime.recordClick.execute({
      clickId,
      visitorId,
      affiliateId: affiliate.affiliateId,
      refCode: affiliate.refCode,
      linkKind: link.kind,
      ...(link.productId ? { productId: link.productId } : {}),
      ...(link.campaign ? { campaign: link.campaign } : {}),
      bot,
      ipHash: hashIp(request.ip, runtime.ipHashSalt),
      occurredAt: runtime.clock.now().toISOString(),
    });
    void reply.setCookie(VISITOR_COOKIE, visitorId, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      maxAge: runtime.directory.cookieWindowDays() * 86_400,
      secure: config.publicBaseUrl.startsWith('https:'),
    });
    return reply.code(302).header('cache-control', 'no-store').header('location', withClickId(destination, clickId)).send();
  });
};

const activeAffiliate = async (runtime: Runtime, refCode: string): Promise<AffiliateState | undefined> => {
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

const destinationOf = async (
  link: ParsedLink,
  product: Product | undefined,
  context: { bot: boolean; clickId: string; visitorId: string; stripe: Stripe | null; config: Runtime['config'] },
): Promise<string> => {
  if (link.kind === 'canonical' || !product) return context.config.shopBaseUrl;
  if (link.kind === 'product') return product.url;
  if (context.stripe && product.stripePriceId && !context.bot) {
    const session = await context.stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ price: product.stripePriceId, quantity: 1 }],
      client_reference_id: context.clickId,
      metadata: { productId: product.productId, clickId: context.clickId, visitorId: context.visitorId },
      success_url: product.url,
      cancel_url: product.url,
    });
    if (session.url) return session.url;
  }
  return product.checkoutUrl ?? product.url;
};
