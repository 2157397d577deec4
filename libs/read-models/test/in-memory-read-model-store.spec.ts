import { InMemoryReadModelStore } from '../src/in-memory-read-model-store';
import { readModelStoreContract } from './read-model-store.contract';

readModelStoreContract('in-memory', async () => ({
  store: new InMemoryReadModelStore(),
  cleanup: async () => {},
}));
