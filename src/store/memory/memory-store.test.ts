import { storeContract } from '../contract.ts';
import { MemoryStore } from './memory-store.ts';

storeContract('memory', () =>
  Promise.resolve({ store: new MemoryStore(), dispose: () => Promise.resolve() }),
);
