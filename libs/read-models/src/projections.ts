import { balancesProjection } from './balances/balances.projection';
import { commissionsProjection } from './commissions/commissions.projection';
import { payoutsProjection } from './payouts/payouts.projection';
import type { Projection } from './projection';
import { affiliateStatsProjection, programStatsProjection } from './stats/traffic-stats.projection';

/** Every read model the dashboards use; the names are `PROJECTION_NAMES`. */
export const allProjections = (): Projection[] => [
  affiliateStatsProjection(),
  programStatsProjection(),
  balancesProjection(),
  commissionsProjection(),
  payoutsProjection(),
];
