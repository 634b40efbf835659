import type { JsonObject } from '../../../asl/index.ts';
import { isJsonObject } from '../../../asl/index.ts';
import type { JobSpec, Wrapped } from './job-spec.ts';
import { at, settled, text } from './job-spec.ts';
import type { CallResult } from './service-call.ts';

/**
 * Amazon EMR's optimized APIs wrap EMR's own (AWS guide, connect-emr): `createCluster` is
 * RunJobFlow and answers `ClusterId`, `terminateCluster` is TerminateJobFlows of one cluster,
 * `addStep` is AddJobFlowSteps of one `Step` and answers its `StepId`, `cancelStep` is CancelSteps
 * of one step, `setClusterTerminationProtection` is SetTerminationProtection of one cluster, and
 * the `…ByName` APIs find the instance fleet or group by its name before modifying it. The guide
 * names the parameters; the shapes of the answers beyond `ClusterId` and `StepId` are inferred.
 */

const ok = (output: JsonObject): CallResult => ({ ok: true, output });

/** A failure of Step Functions' own making (a name that matches no fleet or group). */
const taskFailed = (cause: string): CallResult => ({ ok: false, error: 'States.TaskFailed', cause });

/** `parameters` without `names`: the members the wrapped call takes as they are. */
function without(parameters: JsonObject, ...names: string[]): JsonObject {
  return Object.fromEntries(Object.entries(parameters).filter(([k]) => !names.includes(k)));
}

/**
 * `modifyInstance<Kind>ByName`: the fleet or group is found by `Instance<Kind>Name` in the
 * cluster's listing (all its pages, `Marker`), then modified by its id with `modify`, whose
 * request `shape` builds from the given `Instance<Kind>` and that id.
 */
function modifyByName(
  kind: 'Fleet' | 'Group',
  modify: string,
  shape: (given: JsonObject, id: string) => JsonObject,
): Wrapped {
  const list = `Instance${kind}s`;
  return async (call, p) => {
    const name = text(p[`Instance${kind}Name`]);
    let marker: string | undefined;
    do {
      const page = await call(`list${list}`, {
        ClusterId: p['ClusterId'] ?? null,
        ...(marker ? { Marker: marker } : {}),
      });
      if (!page.ok) return page;
      const items = page.output[list];
      const found = Array.isArray(items) ? items.find((i) => at(i, 'Name') === name) : undefined;
      if (found !== undefined) {
        const given = p[`Instance${kind}`];
        const r = await call(modify, {
          ClusterId: p['ClusterId'] ?? null,
          ...shape(isJsonObject(given) ? given : {}, text(at(found, 'Id'))),
        });
        return r.ok ? ok({}) : r;
      }
      marker = typeof page.output['Marker'] === 'string' ? page.output['Marker'] : undefined;
    } while (marker);
    return taskFailed(
      `No instance ${kind.toLowerCase()} named '${name}' in cluster ${text(p['ClusterId'])}.`,
    );
  };
}

const WRAPPED: ReadonlyArray<readonly [string, Wrapped]> = [
  [
    'createCluster',
    async (call, p) => {
      const r = await call('runJobFlow', p);
      return r.ok ? ok({ ClusterId: r.output['JobFlowId'] ?? null }) : r;
    },
  ],
  [
    'terminateCluster',
    async (call, p) => {
      const r = await call('terminateJobFlows', { JobFlowIds: [p['ClusterId'] ?? null] });
      return r.ok ? ok({}) : r;
    },
  ],
  [
    'addStep',
    async (call, p) => {
      const r = await call('addJobFlowSteps', {
        ...without(p, 'ClusterId', 'Step'),
        JobFlowId: p['ClusterId'] ?? null,
        Steps: [p['Step'] ?? null],
      });
      return r.ok ? ok({ StepId: at(r.output, 'StepIds', 0) ?? null }) : r;
    },
  ],
  [
    'cancelStep',
    async (call, p) => {
      const r = await call('cancelSteps', { ...without(p, 'StepId'), StepIds: [p['StepId'] ?? null] });
      return r.ok ? ok({ CancelStepsInfo: at(r.output, 'CancelStepsInfoList', 0) ?? null }) : r;
    },
  ],
  [
    'setClusterTerminationProtection',
    async (call, p) => {
      const r = await call('setTerminationProtection', {
        JobFlowIds: [p['ClusterId'] ?? null],
        TerminationProtected: p['TerminationProtected'] ?? null,
      });
      return r.ok ? ok({}) : r;
    },
  ],
  [
    'modifyInstanceFleetByName',
    modifyByName('Fleet', 'modifyInstanceFleet', (fleet, id) => ({
      InstanceFleet: { ...fleet, InstanceFleetId: id },
    })),
  ],
  [
    'modifyInstanceGroupByName',
    modifyByName('Group', 'modifyInstanceGroups', (group, id) => ({
      InstanceGroups: [{ ...group, InstanceGroupId: id }],
    })),
  ],
];

/** By `elasticmapreduce:<api>`. */
export const EMR_APIS: ReadonlyMap<string, Wrapped> = new Map(
  WRAPPED.map(([api, wrapped]) => [`elasticmapreduce:${api}`, wrapped]),
);

const describeCluster = (started: JsonObject, p: JsonObject) => ({
  api: 'describeCluster',
  parameters: { ClusterId: text(started['ClusterId'] ?? p['ClusterId']) },
});

/**
 * `.sync` (AWS guide, connect-emr): a created cluster is ready once it is WAITING or RUNNING
 * (the output is the start's `ClusterId`), and has failed if it terminated first; a terminated
 * cluster ends the task once TERMINATED (or TERMINATED_WITH_ERRORS: it is terminated all the
 * same); a step ends when COMPLETED, and FAILED, CANCELLED or INTERRUPTED fail the task with the
 * step as the cause. AWS does not terminate a cluster when the execution is stopped; a stopped
 * step is cancelled (inferred).
 */
export const EMR_SPECS: ReadonlyMap<string, JobSpec> = new Map([
  [
    'elasticmapreduce:createCluster',
    {
      describe: describeCluster,
      state: (d, _, started) => {
        const s = settled(
          at(d, 'Cluster', 'Status', 'State'),
          at(d, 'Cluster') ?? null,
          ['WAITING', 'RUNNING'],
          ['TERMINATED', 'TERMINATED_WITH_ERRORS'],
        );
        return s.state === 'succeeded' ? { state: 'succeeded', job: started } : s;
      },
    },
  ],
  [
    'elasticmapreduce:terminateCluster',
    {
      describe: describeCluster,
      state: (d) =>
        settled(at(d, 'Cluster', 'Status', 'State'), {}, ['TERMINATED', 'TERMINATED_WITH_ERRORS'], []),
    },
  ],
  [
    'elasticmapreduce:addStep',
    {
      describe: (started, p) => ({
        api: 'describeStep',
        parameters: { ClusterId: text(p['ClusterId']), StepId: text(started['StepId']) },
      }),
      state: (d, _, started) => {
        const s = settled(
          at(d, 'Step', 'Status', 'State'),
          at(d, 'Step') ?? null,
          ['COMPLETED'],
          ['FAILED', 'CANCELLED', 'INTERRUPTED'],
        );
        return s.state === 'succeeded' ? { state: 'succeeded', job: started } : s;
      },
      stop: (started, p) => ({
        api: 'cancelSteps',
        parameters: { ClusterId: text(p['ClusterId']), StepIds: [text(started['StepId'])] },
      }),
    },
  ],
]);
