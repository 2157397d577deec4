import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { EventStore } from '@threadtrak/event-store';
import {
  deltaByAffiliate,
  type ProgramRules,
  type ReattributionApplied,
  type ReattributionChange,
} from '@threadtrak/ledger';
import { EVENT_STORE } from '@threadtrak/wiring';

/** One applied re-attribution, as its record in the log says: what it re-decided, who applied it, when. */
export interface AppliedReattribution {
  reattributionId: string;
  from: string;
  to: string;
  rules: ProgramRules;
  rulesVersion: number;
  ordersExamined: number;
  /** Orders whose affiliate or commission it changed. */
  ordersMoved: number;
  deltaByAffiliate: { affiliateId: string; deltaCents: number }[];
  appliedAt: string;
  actor: string;
}

/** `GET /v1/console/reattributions`: the applied re-attributions, newest first. */
export class ReattributionHistoryQuery extends Query<AppliedReattribution[]> {}

@QueryHandler(ReattributionHistoryQuery)
export class ReattributionHistoryHandler implements IQueryHandler<ReattributionHistoryQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(): Promise<AppliedReattribution[]> {
    const records = new Map<
      string,
      {
        first: ReattributionApplied['data'];
        changes: ReattributionChange[];
        parts: number;
        actor: string;
      }
    >();
    for await (const event of this.store.readAll()) {
      if (event.type !== 'ReattributionApplied') continue;
      const data = event.data as ReattributionApplied['data'];
      const known = records.get(data.reattributionId);
      if (known) {
        known.changes.push(...data.changes);
        known.parts += 1;
      } else
        records.set(data.reattributionId, {
          first: data,
          changes: [...data.changes],
          parts: 1,
          actor: event.metadata.actor ?? 'unknown',
        });
    }
    // A record stopped between parts is not applied yet: the next apply finishes it.
    return [...records.values()]
      .filter(({ first, parts }) => parts >= (first.parts ?? 1))
      .map(({ first, changes, actor }) => ({
        reattributionId: first.reattributionId,
        from: first.from,
        to: first.to,
        rules: first.rules,
        rulesVersion: first.rulesVersion ?? 0,
        ordersExamined: first.ordersExamined,
        ordersMoved: changes.length,
        deltaByAffiliate: deltaByAffiliate(changes),
        appliedAt: first.occurredAt,
        actor,
      }))
      .reverse();
  }
}
