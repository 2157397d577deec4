export * from './read-model-store';
export * from './in-memory-read-model-store';
export * from './redis/redis-read-model-store';
export * from './keys';
export * from './projection';
export * from './projections';
export * from './projections-consumer';
export * from './replay';
export * from './dashboard-queries';
export * from './list-views';
export {
  trafficStatsProjection,
  affiliateStatsProjection,
  programStatsProjection,
} from './stats/traffic-stats.projection';
export { balancesProjection } from './balances/balances.projection';
export { commissionsProjection, commissionStatusOf } from './commissions/commissions.projection';
export { payoutsProjection } from './payouts/payouts.projection';
