export type LinkKind = 'canonical' | 'product' | 'purchase';

/** A visit through an affiliate link. Stored in the visitor's stream `visitor-{visitorId}`. */
export interface ClickRecorded {
  type: 'ClickRecorded';
  data: {
    /**
     * Opaque and random; the ClickRecorded's event id derives from it, so an order naming it finds this
     * event. Clicks recorded before opaque ids have `{visitorId}.{suffix}`.
     */
    clickId: string;
    /** The visitor the signed `tt_vid` cookie proves: one browser. */
    visitorId: string;
    affiliateId: string;
    refCode: string;
    linkKind: LinkKind;
    productId?: string;
    /** Channel tag from `?c=`, e.g. `youtube-launch`. */
    campaign?: string;
    /** Link-preview crawlers and HEAD requests: stored, never counted or attributed. */
    bot: boolean;
    /** Salted hash of the IP address; the raw IP is never stored. */
    ipHash: string;
    /**
     * Short hash of the user agent: with the IP hash, tells cookie-less repeats apart for unique clicks.
     * Absent on clicks recorded before it existed.
     */
    userAgentHash?: string;
    /**
     * Over the per-address limit of recorded clicks: stored and attributable (a shopper behind a busy
     * shared address still earns her affiliate his commission), never counted as a click; counted as
     * `throttled` in the stats. Absent means false.
     */
    throttled?: boolean;
    occurredAt: string;
  };
}

export type ClickEvent = ClickRecorded;
