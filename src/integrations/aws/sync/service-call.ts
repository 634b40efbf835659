import type { Json, JsonObject } from '../../../asl/index.ts';
import { isJsonObject } from '../../../asl/index.ts';
import type { TaskResult } from '../../task-runner.ts';
import type { AwsClients, SdkModule } from '../aws-clients.ts';
import { AwsSetupError } from '../aws-clients.ts';
import { commandOf } from '../aws-sdk-task.ts';
import type { HttpResponse } from '../optimized-task.ts';
import { optimizedFailure, sdkMetadata } from '../optimized-task.ts';
import type { OptimizedService } from '../optimized-services.ts';
import { sdkService } from '../sdk-services.ts';
import { callFailure, serviceError } from '../service-error.ts';
import { byName, fromModel, operationSchema, toModel } from './model-json.ts';

interface MiddlewareStack {
  add(
    middleware: (
      next: (args: unknown) => Promise<{ response: unknown }>,
    ) => (args: unknown) => Promise<unknown>,
    options: { step: 'deserialize'; name: string },
  ): void;
}

type Command = new (input: object) => { middlewareStack: MiddlewareStack };

/** One API call of an optimized job service: its result in Step Functions' casing, or its failure. */
export type CallResult =
  { readonly ok: true; readonly output: JsonObject } | Extract<TaskResult, { ok: false }>;

/**
 * Calls `api` of `service` with parameters written as a state machine writes them (PascalCase),
 * through the service's SDK v3 client. `metadata` adds the HTTP exchange as the AWS SDK for Java
 * reports it (`SdkHttpMetadata`, `SdkResponseMetadata`): request-response results and the start
 * call of `.sync` carry it (AWS-recorded: LocalStack's test_ecs_task_service snapshot), the job
 * description a `.sync` task ends with does not.
 */
export async function callService(
  clients: AwsClients,
  service: OptimizedService,
  api: string,
  parameters: Json,
  signal: AbortSignal,
  metadata: boolean,
): Promise<CallResult> {
  const sdk = sdkService(service.sdkId)!;
  let module: SdkModule | undefined;
  try {
    const loaded = await clients.get(service.sdkId, sdk);
    module = loaded.module;
    const Command = commandOf(module, api) as Command | undefined;
    if (!Command) throw new AwsSetupError(`${sdk.packageName} has no action '${api}'.`);
    const schema = operationSchema(new Command({}));
    const given = isJsonObject(parameters) ? parameters : {};
    const maps = service.mapMembers;
    const input = schema ? toModel(given, schema.input) : maps ? byName(given, true, maps) : parameters;
    const command = new Command(input as object);
    let http: HttpResponse | undefined;
    command.middlewareStack.add(
      (next) => async (args) => {
        const result = await next(args);
        http = result.response as HttpResponse;
        return result;
      },
      { step: 'deserialize', name: 'stepwiseHttpMetadata' },
    );
    const output = await loaded.client.send(command, { abortSignal: signal });
    const json =
      schema || !maps ? fromModel(output, schema?.output) : byName(fromModel(output, undefined), false, maps);
    const result = isJsonObject(json) ? json : {};
    if (!metadata) return { ok: true, output: result };
    const requestId = (output['$metadata'] as { requestId?: string } | undefined)?.requestId;
    return { ok: true, output: { ...result, ...sdkMetadata(http, requestId) } };
  } catch (e) {
    const answered = module && serviceError(e, module, sdk.client);
    const failed = answered ? optimizedFailure(service, answered) : callFailure(e);
    return failed as Extract<TaskResult, { ok: false }>;
  }
}
