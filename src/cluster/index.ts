export { forwardToLeader, leaderUrl, publishLeader, refuseForwarded } from './forward-to-leader.ts';
