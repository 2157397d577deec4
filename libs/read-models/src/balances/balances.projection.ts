import type { RecordedEvent } from '@threadtrak/event-store';
import { balanceMovement } from '@threadtrak/ledger';
import { balanceKeys } from '../keys';
import { Counters, ledgerEvents, type Projection } from '../projection';
import type { WriteOp } from '../read-model-store';

/** Each affiliate's six balances and the program's, moved by the ledger's own balance algebra. */
export const balancesProjection = (): Projection => ({
  name: 'balances',
  async project(recorded: readonly RecordedEvent[]): Promise<WriteOp[]> {
    const counters = new Counters();
    for (const event of ledgerEvents(recorded)) {
      const movement = Object.entries(balanceMovement(event));
      if (movement.length === 0) continue;
      const { affiliateId } = event.data as { affiliateId: string };
      for (const [balance, cents] of movement) {
        counters.add(balanceKeys.affiliate(affiliateId), balance, cents);
        counters.add(balanceKeys.program(), balance, cents);
      }
    }
    return counters.ops();
  },
});
