import type { Json } from '../json.ts';
import { isJsonObject } from '../json.ts';
import type { TaskResource } from './task-resource.ts';

type Adds = (parameters: { readonly [key: string]: Json }) => Json;

/** Batch's container environment with Step Functions' flag appended. */
const managedByStepFunctions: Adds = (p) => {
  const given = p['ContainerOverrides'];
  const overrides = isJsonObject(given) ? given : {};
  const environment = overrides['Environment'];
  return {
    ...p,
    ContainerOverrides: {
      ...overrides,
      Environment: [
        ...(Array.isArray(environment) ? environment : []),
        { Name: 'MANAGED_BY_AWS', Value: 'STARTED_BY_STEP_FUNCTIONS' },
      ],
    },
  };
};

/**
 * What Step Functions adds to some integrations' parameters before it schedules the call, so
 * TaskScheduled shows it: ECS `runTask.sync` starts its task with `StartedBy: "AWS Step Functions"`
 * (AWS-recorded: LocalStack's test_ecs_task_service snapshot); Batch `submitJob.sync` tells the
 * container it runs for Step Functions through MANAGED_BY_AWS (as LocalStack's Step Functions
 * does; no AWS-recorded history shows it).
 */
const ADDED: ReadonlyMap<string, Adds> = new Map([
  ['ecs runTask.sync', (p) => ({ ...p, StartedBy: 'AWS Step Functions' })],
  ['batch submitJob.sync', managedByStepFunctions],
]);

/** Each service resource's additions, looked up once (a Task's entry is a hot path). */
const addsOf = new WeakMap<TaskResource, Adds | null>();

/** A Task's effective parameters with what Step Functions adds for its integration. */
export function withImplicitParameters(task: TaskResource, parameters: Json): Json {
  if (task.family !== 'service') return parameters;
  let adds = addsOf.get(task);
  if (adds === undefined) {
    adds = ADDED.get(`${task.resourceType} ${task.resourceName}`) ?? null;
    addsOf.set(task, adds);
  }
  return adds && isJsonObject(parameters) ? adds(parameters) : parameters;
}
