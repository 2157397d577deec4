import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { EventStore } from '@threadtrak/event-store';
import { DEFAULT_RULES, streams, type ProgramRules } from '@threadtrak/ledger';
import { EVENT_STORE } from '@threadtrak/wiring';

/** One version of the program rules, as the log recorded it: who changed it, when, and what changed. */
export interface RulesVersion {
  version: number;
  rules: ProgramRules;
  changedAt: string;
  actor: string;
  /** The fields whose value differs from the version before (for version 1: from the defaults). */
  changed: { field: string; before: unknown; after: unknown }[];
}

/** `GET /v1/console/rules/history`: every version of the program rules, newest first, from the log. */
export class RulesHistoryQuery extends Query<RulesVersion[]> {}

const ruleFields = (data: Record<string, unknown>): ProgramRules => {
  const { version: _version, occurredAt: _at, ...rules } = data;
  return rules as unknown as ProgramRules;
};

@QueryHandler(RulesHistoryQuery)
export class RulesHistoryHandler implements IQueryHandler<RulesHistoryQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(): Promise<RulesVersion[]> {
    const versions: RulesVersion[] = [];
    let before: Record<string, unknown> = { ...DEFAULT_RULES };
    for await (const event of this.store.readStream(streams.program())) {
      if (event.type !== 'ProgramRulesChanged') continue;
      const data = event.data as Record<string, unknown>;
      const rules = ruleFields(data);
      const after = rules as unknown as Record<string, unknown>;
      const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
      versions.push({
        version: Number(data.version),
        rules,
        changedAt: String(data.occurredAt ?? event.recordedAt.toISOString()),
        actor: event.metadata.actor ?? 'unknown',
        changed: fields
          .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
          .map((field) => ({ field, before: before[field] ?? null, after: after[field] ?? null })),
      });
      before = after;
    }
    return versions.reverse();
  }
}
