import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What the gauges read at each scrape, from shared state (the log, the read models), not this process. */
export interface MetricSources {
  /** Events each log consumer is behind the head. */
  consumerLag(): Promise<Record<string, number>>;
  /** Payouts per status, from the payouts read model. */
  payoutsByStatus(): Promise<Record<string, number>>;
  /** Outbound webhook deliveries per status (pending, delivered, failed). */
  webhookDeliveriesByStatus(): Promise<Record<string, number>>;
  /** The owner holding each lease, or null while nobody does (the lease store). */
  leaseHolders(): Promise<Record<string, { owner: string } | null>>;
}

/**
 * The service's Prometheus metrics (`GET /metrics`), one registry per application. Counters and the
 * latency histogram are this process's; the gauges are read at scrape time from shared state, so any api
 * replica answers the same for them.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'threadtrak_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'threadtrak_http_request_duration_seconds',
    help: 'Time from the request to the end of the answer, by method and route template.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly eventsAppended = new Counter({
    name: 'threadtrak_events_appended_total',
    help: 'Events this process appended to the log, by event store kind.',
    labelNames: ['store'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'threadtrak_' });
  }

  /** Adds the gauges once their sources exist (they are Nest providers; the counters are needed before). */
  readFrom(sources: MetricSources): void {
    this.gauge(
      'threadtrak_consumer_lag_events',
      'Events between the log head and a log consumer checkpoint.',
      'consumer',
      () => sources.consumerLag(),
    );
    this.gauge(
      'threadtrak_payouts',
      'Payouts currently in each status (payouts read model).',
      'status',
      () => sources.payoutsByStatus(),
    );
    this.gauge(
      'threadtrak_webhook_deliveries',
      "Outbound webhook deliveries in each status, over each endpoint's recent deliveries.",
      'status',
      () => sources.webhookDeliveriesByStatus(),
    );
    new Gauge({
      name: 'threadtrak_lease_holder',
      help: "1 for the process (owner) holding a log consumer's lease; no sample while nobody does.",
      labelNames: ['lease', 'owner'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const [lease, holder] of Object.entries(await sources.leaseHolders()))
          if (holder) this.set({ lease, owner: holder.owner }, 1);
      },
    });
  }

  /** Prometheus text exposition of every metric. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private gauge(
    name: string,
    help: string,
    label: string,
    read: () => Promise<Record<string, number>>,
  ): void {
    new Gauge({
      name,
      help,
      labelNames: [label],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const [value, count] of Object.entries(await read()))
          this.set({ [label]: value }, count);
      },
    });
  }
}
