export type LinkKind = 'canonical' | 'product' | 'purchase';

/** A visit through an affiliate link. Stored in the visitor's stream `visitor-{visitorId}`. */
export interface ClickRecorded {
  type: 'ClickRecorded';
  data: {
    /** `{visitorId}.{suffix}`: a click id names its visitor. */
    clickId: string;
    /** The `tt_vid` cookie: one browser. */
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
    occurredAt: string;
  };
}

export type ClickEvent = ClickRecorded;
