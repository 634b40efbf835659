export { forwardedByPeer, forwardToLeader, publishLeader, refuseForwarded } from './forward-to-leader.ts';
