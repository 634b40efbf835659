// Integration overheads, in process (memory store, no HTTP):
//   npx node bench/integrations.ts
// 1. callbacks: executions whose one Task waits for its token (.waitForTaskToken), answered with
//    SendTaskSuccess as soon as the task is submitted — executions per second;
// 2. Lambda backends: sequential calls of the same trivial function run in process, in the
//    worker-thread pool (warm) and as a command (a new node process per call) — ms per call.
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULTS } from '../src/config/index.ts';
import { createRuntime } from '../src/server/index.ts';

const FIXTURES = resolve(import.meta.dirname, '..', 'test', 'integrations', 'fixtures');
const ROLE = 'arn:aws:iam::123456789012:role/bench';

const runtime = await createRuntime({
  ...DEFAULTS,
  examples: false,
  functionModules: [],
  store: 'memory',
  integrations: {
    baseDir: FIXTURES,
    lambda: {
      functions: {
        pooled: { handler: 'lambda-handler.mjs#handler', timeout: 10 },
        command: { command: [process.execPath, 'command-fn.mjs'], timeout: 10 },
      },
    },
  },
});
const { engine, integrations } = runtime;
integrations.functions.register('inProcess', (event) => event);

// 1. Callbacks.
const callback = engine.createStateMachine({
  name: 'bench-callback',
  roleArn: ROLE,
  definition: JSON.stringify({
    StartAt: 'Wait',
    States: {
      Wait: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sns:publish.waitForTaskToken',
        Parameters: { 'Message.$': '$$.Task.Token' },
        End: true,
      },
    },
  }),
});
const N = 2000;
const t0 = performance.now();
const arns: string[] = [];
for (let i = 0; i < N; i++)
  arns.push(engine.startExecution({ stateMachineArn: callback.stateMachineArn }).executionArn);
for (const arn of arns) {
  for (;;) {
    const scheduled = engine.getExecutionHistory(arn).find((e) => e.type === 'TaskScheduled');
    const parameters = scheduled?.['taskScheduledEventDetails']?.['parameters'];
    if (typeof parameters === 'string') {
      await engine.taskControl.sendTaskSuccess(
        (JSON.parse(parameters) as { Message: string }).Message,
        '{"ok":true}',
      );
      break;
    }
    await new Promise((r) => setImmediate(r));
  }
}
for (const arn of arns) await engine.waitForExecution(arn);
const seconds = (performance.now() - t0) / 1000;
console.log(
  `callbacks: ${N} executions in ${seconds.toFixed(2)} s = ${(N / seconds).toFixed(0)} executions/s`,
);

// 2. Lambda backends.
for (const [name, calls, event] of [
  ['inProcess', 2000, { n: 1 }],
  ['pooled', 500, { id: 1 }],
  ['command', 30, { n: 1 }],
] as const) {
  const sm = engine.createStateMachine({
    name: `bench-${name}`,
    roleArn: ROLE,
    definition: JSON.stringify({
      StartAt: 'Call',
      States: {
        Call: { Type: 'Task', Resource: `arn:aws:lambda:us-east-1:123456789012:function:${name}`, End: true },
      },
    }),
  });
  const warm = engine.startExecution({ stateMachineArn: sm.stateMachineArn, input: JSON.stringify(event) });
  await engine.waitForExecution(warm.executionArn);
  const start = performance.now();
  for (let i = 0; i < calls; i++) {
    const e = engine.startExecution({ stateMachineArn: sm.stateMachineArn, input: JSON.stringify(event) });
    const done = await engine.waitForExecution(e.executionArn);
    if (done.status !== 'SUCCEEDED') throw new Error(`${name}: ${done.error} ${done.cause}`);
  }
  const ms = (performance.now() - start) / calls;
  console.log(`lambda ${name}: ${ms.toFixed(2)} ms per execution with one call (${calls} sequential)`);
}
await runtime.shutdown();
