import { activityContract } from '../activity-contract.ts';
import { storeContract } from '../contract.ts';
import { leaseContract } from '../lease-contract.ts';
import { MemoryStore } from './memory-store.ts';

const fresh = () => Promise.resolve({ store: new MemoryStore(), dispose: () => Promise.resolve() });
storeContract('memory', fresh);
leaseContract('memory', fresh);
activityContract('memory', fresh);
