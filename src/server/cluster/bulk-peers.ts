import type { JsonObject } from '../../asl/index.ts';
import type { BulkPeers, PeerCall } from '../../bulk/index.ts';
import type { Engine } from '../../engine/index.ts';
import type { Store } from '../../store/index.ts';
import { callPeer } from './peer-call.ts';
import { executionOwner } from './route-by-owner.ts';

/**
 * How the leader's bulk operations reach executions other servers drive (scale-out): every
 * execution of a machine is read from the store, and the action on one that another server
 * leases is applied there (ApplyBulkAction), as a StopExecution would be forwarded to it.
 */
export function bulkPeers(store: Store, engine: Engine, self: string): BulkPeers {
  return {
    refresh: (stateMachineArn) => engine.placement.rememberAll(stateMachineArn),
    async driver(executionArn) {
      const owner = await executionOwner(store, engine, self, executionArn);
      if (owner === undefined) return undefined;
      return async (body) => {
        const answer = await callPeer(store, owner, 'ApplyBulkAction', body as unknown as JsonObject);
        return answer as unknown as Awaited<ReturnType<PeerCall>>;
      };
    },
  };
}
