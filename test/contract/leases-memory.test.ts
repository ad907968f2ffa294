import { MemoryLeaseStore } from '../../src/adapters/leases/memory.js';
import { leasesContract } from './leases.contract.js';

let now = 1_000_000;
const clock = { now: () => now };
const store = new MemoryLeaseStore(3000, clock);
leasesContract({
  name: 'memory',
  leaseMs: 3000,
  open: async () => [store, store],
  elapse: async (ms) => {
    now += ms;
  },
  cleanup: () => store.close(),
});
