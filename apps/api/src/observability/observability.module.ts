import { Inject, Injectable, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { loggerModule } from '@threadtrak/wiring';
import type { Logger } from 'pino';
import { Metrics, type MetricSources } from './metrics';
import { MetricsController, MetricsGuard } from './metrics.controller';
import { consumerLagProvider } from '../health/consumer-lag.provider';
import { METRIC_SOURCES, metricSourcesProvider } from './metric-sources';

/** Hands the gauges their sources once the providers exist. */
@Injectable()
class MetricGauges implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    @Inject(METRIC_SOURCES) private readonly sources: MetricSources,
  ) {}
  onModuleInit(): void {
    this.metrics.readFrom(this.sources);
  }
}

/**
 * JSON logs through nestjs-pino and `GET /metrics`. The logger and the metrics are made before the
 * application (the Fastify adapter logs through the one, the event store counts into the other).
 */
@Module({})
export class ObservabilityModule {
  static forRoot(logger: Logger, metrics: Metrics): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [loggerModule(logger)],
      controllers: [MetricsController],
      providers: [
        { provide: Metrics, useValue: metrics },
        MetricsGuard,
        consumerLagProvider,
        metricSourcesProvider,
        MetricGauges,
      ],
    };
  }
}
