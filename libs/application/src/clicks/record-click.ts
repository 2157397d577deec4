import { streams, type ClickRecorded } from '@threadtrak/ledger';
import type { EventLog } from '../event-log';

/** The cause a ClickRecorded's event id derives from: `Facts.click` finds the event by it. */
export const clickCause = (clickId: string): string => `click:${clickId}`;

/**
 * The redirect's only write: one event in the visitor's stream, no expected revision (clicks never
 * conflict). The caller answers 302 only after this resolves, i.e. after the store committed it.
 */
export class RecordClick {
  constructor(private readonly log: EventLog) {}

  async execute(click: ClickRecorded['data']): Promise<void> {
    await this.log.append(
      streams.visitor(click.visitorId),
      [{ event: { type: 'ClickRecorded', data: click }, cause: clickCause(click.clickId) }],
      'any',
      { actor: 'visitor' },
    );
  }
}
