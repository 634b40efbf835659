export { storeActivityQueue } from './activity-queue.ts';
export { forwardedByPeer, forwardToLeader, publishLeader, refuseForwarded } from './forward-to-leader.ts';
export type { Health } from './health.ts';
export { leaderHealth, standbyHealth } from './health.ts';
export { routeByOwner } from './route-by-owner.ts';
export { publishServer } from './server-registry.ts';
export { bulkPeers } from './bulk-peers.ts';
export { isPeerCall } from './peer-call.ts';
