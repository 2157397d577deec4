import {
  evolveAffiliate,
  evolveProgram,
  evolvePromoCodeHolder,
  evolveSubscription,
  initialProgram,
  initialSubscription,
  normalPromoCode,
  promoCodeOwner,
  streams,
  type AffiliateEvent,
  type AffiliateState,
  type ClickRecorded,
  type Product,
  type ProductEvent,
  type ProgramEvent,
  type ProgramState,
  type PromoCodeEvent,
  type SubscriptionEvent,
  type SubscriptionState,
} from '@threadtrak/ledger';
import { eventId } from '@threadtrak/event-store';
import type { EventLog } from './event-log';
import { clickCause } from './clicks/record-click';

/** Reads of single streams that several use cases need. Always from the log, never from a read model. */
export class Facts {
  constructor(private readonly log: EventLog) {}

  async program(): Promise<ProgramState> {
    return (
      await this.log.load<ProgramState, ProgramEvent>(
        streams.program(),
        initialProgram,
        evolveProgram,
      )
    ).state;
  }

  async affiliate(affiliateId: string): Promise<AffiliateState | null> {
    return (
      await this.log.load<AffiliateState | null, AffiliateEvent>(
        streams.affiliate(affiliateId),
        null,
        evolveAffiliate,
      )
    ).state;
  }

  /** The last claim holds the code: an earlier one only when its registration never got written. */
  async affiliateOfRefCode(refCode: string): Promise<string | null> {
    let affiliateId: string | null = null;
    for await (const event of this.log.store.readStream(streams.refCode(refCode))) {
      affiliateId = (event.data as { affiliateId: string }).affiliateId;
    }
    return affiliateId;
  }

  /** A promotion code (any case) and the affiliate it attributes orders to, if any. */
  async promoCode(code: string): Promise<{ code: string; owner: string | null }> {
    const normal = normalPromoCode(code);
    const { state: holder } = await this.log.load<string | null, PromoCodeEvent>(
      streams.promoCode(normal),
      null,
      evolvePromoCodeHolder,
    );
    return {
      code: normal,
      owner: holder ? promoCodeOwner(normal, holder, await this.affiliate(holder)) : null,
    };
  }

  async subscription(subscriptionId: string): Promise<SubscriptionState> {
    return (
      await this.log.load<SubscriptionState, SubscriptionEvent>(
        streams.subscription(subscriptionId),
        initialSubscription(),
        evolveSubscription,
      )
    ).state;
  }

  async product(productId: string): Promise<Product | null> {
    const { state } = await this.log.load<Product | null, ProductEvent>(
      streams.product(productId),
      null,
      (_, event) => {
        const { occurredAt: _at, ...product } = event.data;
        return product;
      },
    );
    return state;
  }

  async products(productIds: Iterable<string>): Promise<Map<string, Product>> {
    const found = new Map<string, Product>();
    for (const productId of new Set(productIds)) {
      const product = await this.product(productId);
      if (product) found.set(productId, product);
    }
    return found;
  }

  async affiliates(affiliateIds: Iterable<string>): Promise<Map<string, AffiliateState>> {
    const found = new Map<string, AffiliateState>();
    for (const affiliateId of new Set(affiliateIds)) {
      const affiliate = await this.affiliate(affiliateId);
      if (affiliate) found.set(affiliateId, affiliate);
    }
    return found;
  }

  /** The click an order names, found by its event id (derived from the click id), never by its stream. */
  async click(clickId: string): Promise<ClickRecorded['data'] | null> {
    const event = await this.log.store.readEvent(eventId('ClickRecorded', clickCause(clickId)));
    return event?.type === 'ClickRecorded' ? (event.data as ClickRecorded['data']) : null;
  }

  async clicksOfVisitor(visitorId: string): Promise<ClickRecorded['data'][]> {
    const clicks: ClickRecorded['data'][] = [];
    for await (const event of this.log.store.readStream(streams.visitor(visitorId))) {
      if (event.type === 'ClickRecorded') clicks.push(event.data as ClickRecorded['data']);
    }
    return clicks;
  }
}
