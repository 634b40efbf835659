import type { JsonObject } from '../../../asl/index.ts';
import type { JobSpec } from './job-spec.ts';
import { at, settled, text } from './job-spec.ts';

/** A described resource that no longer exists: the deletion has ended. */
const GONE = /\.ResourceNotFoundException$/;

/**
 * One EKS resource kind (`Cluster`, `Nodegroup`, `FargateProfile`): how it is described (by the
 * names the create or delete call was given) and which statuses end its creation or deletion.
 */
function kind(name: string, key: (p: JsonObject) => JsonObject): { create: JobSpec; remove: JobSpec } {
  const describe = (_: JsonObject, p: JsonObject) => ({ api: `describe${name}`, parameters: key(p) });
  return {
    create: {
      describe,
      state: (d) => settled(at(d, name, 'Status'), d, ['ACTIVE'], ['FAILED', 'CREATE_FAILED']),
    },
    remove: {
      describe,
      gone: GONE,
      state: (d) => settled(at(d, name, 'Status'), d, [], ['FAILED', 'DELETE_FAILED']),
    },
  };
}

const cluster = kind('Cluster', (p) => ({ Name: text(p['Name']) }));
const nodegroup = kind('Nodegroup', (p) => ({
  ClusterName: text(p['ClusterName']),
  NodegroupName: text(p['NodegroupName']),
}));
const fargate = kind('FargateProfile', (p) => ({
  ClusterName: text(p['ClusterName']),
  FargateProfileName: text(p['FargateProfileName']),
}));

/**
 * EKS's resource lifecycle APIs (AWS guide, connect-eks) with `.sync`: a created cluster, node
 * group or Fargate profile is described until ACTIVE (the output is the description; a creation
 * that FAILED fails the task with it as cause), a deleted one until it is no longer found (the
 * output is the delete call's result). AWS does not undo a creation or deletion when the execution
 * is stopped (inferred, as for EMR clusters).
 */
export const EKS_SPECS: ReadonlyMap<string, JobSpec> = new Map([
  ['eks:createCluster', cluster.create],
  ['eks:deleteCluster', cluster.remove],
  ['eks:createNodegroup', nodegroup.create],
  ['eks:deleteNodegroup', nodegroup.remove],
  ['eks:createFargateProfile', fargate.create],
  ['eks:deleteFargateProfile', fargate.remove],
]);
