import { isAbsolute, resolve } from 'node:path';
import type { EventStore } from './event-store';
import { PostgresEventStore } from './postgres/postgres-event-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

/**
 * Picks the adapter from the URL:
 * - `sqlite:./data/events.db`, `sqlite:/abs/events.db` (folder created), `sqlite::memory:`
 * - `postgres://…` / `postgresql://…` (optional `?schema=name`, default `event_store`)
 * - `esdb://…`, `esdb+discover://…`, `kurrentdb://…`, `kurrentdb+discover://…`
 */
export async function createEventStore(url: string): Promise<EventStore> {
  const scheme = /^([a-z+]+):/i.exec(url)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'sqlite': {
      const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
      if (path === ':memory:') return new SqliteEventStore({ path });
      if (path === '')
        throw new TypeError('sqlite: URL needs a path, e.g. sqlite:./data/events.db');
      return new SqliteEventStore({ path: isAbsolute(path) ? path : resolve(path) });
    }
    case 'postgres':
    case 'postgresql':
      return PostgresEventStore.connect({ connectionString: url });
    case 'esdb':
    case 'esdb+discover':
    case 'kurrentdb':
    case 'kurrentdb+discover': {
      // Loaded only for these URLs: the gRPC client costs a few hundred ms of every start-up.
      const { EsdbEventStore } = await import('./esdb/esdb-event-store');
      return EsdbEventStore.connect(url);
    }
    default:
      throw new TypeError(
        `unsupported event store URL ${JSON.stringify(url.replace(/\/\/[^@/]*@/, '//***@'))}`,
      );
  }
}
