import { LedgerPosting, PostOrder, PostReattributedOrder } from '@threadtrak/application';
import { ConsumesLog, type LogBatch, type LogEventsHandler } from '../processing/consumes-log';

/** Posts every order event of the log to its affiliate's ledger (LedgerPosting). */
@ConsumesLog('ledger-posting')
export class LedgerPostingHandler implements LogEventsHandler {
  private readonly posting: LedgerPosting;

  constructor(postOrder: PostOrder, reattributed: PostReattributedOrder) {
    this.posting = new LedgerPosting(postOrder, reattributed);
  }

  handle({ events }: LogBatch): Promise<void> {
    return this.posting.handle(events);
  }
}
