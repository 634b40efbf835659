import * as z from 'zod';

// zod (v4) rather than ajv: the schema is TypeScript, so the checked file and `Settings` cannot
// drift apart unnoticed, and its issues carry the path and the expected type we report.

const text = z.string().min(1);
const strings = z.array(text);
const stringMap = z.record(z.string(), z.string());
const seconds = z.number().positive();
const endpointUrl = z.url({
  protocol: /^https?$/,
  error: 'expected an http(s) URL such as "http://127.0.0.1:8000"',
});
const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected an AWS region such as "us-east-1"');

const connection = z.strictObject({
  basic: z.strictObject({ username: z.string(), password: z.string() }).optional(),
  apiKey: z.strictObject({ name: text, value: z.string() }).optional(),
  bearerToken: z.string().optional(),
  headers: stringMap.optional(),
  queryParameters: stringMap.optional(),
});

/**
 * A configured Lambda function: a `handler` module run in a worker pool, or a `command`. One
 * object (not a union) so that a typo is reported as one unknown key, not as two failed shapes.
 */
const lambdaFunction = z
  .strictObject({
    handler: text.optional(),
    command: z.array(z.string()).min(1).optional(),
    timeout: seconds.optional(),
    memorySize: z.number().int().min(128).max(10240).optional(),
    cwd: z.string().optional(),
    env: stringMap.optional(),
  })
  .superRefine((fn, ctx) => {
    if ((fn.handler === undefined) === (fn.command === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: `expected either "handler" ("module.mjs#export") or "command" (["program", "arg", …])`,
      });
    }
  });

/** Where execution logs go: standard output as JSON lines, or a file (rotated at `maxBytes`). */
const logDestination = z.union([
  z.literal('stdout'),
  z.strictObject({
    file: text,
    maxBytes: z.number().int().min(1024).optional(),
    maxFiles: z.number().int().min(1).max(100).optional(),
  }),
  z.strictObject({ otlp: endpointUrl }),
]);

const observability = z.strictObject({
  metrics: z.boolean().optional(),
  logs: z
    .strictObject({
      destination: logDestination.optional(),
      logGroups: z.record(z.string(), logDestination).optional(),
    })
    .optional(),
  tracing: z.strictObject({ endpoint: endpointUrl.optional() }).optional(),
});

/** A schedule of the configuration file (triggers/): EventBridge Scheduler's expression syntax. */
const schedule = z.strictObject({
  name: text,
  group: text.optional(),
  stateMachine: text,
  expression: text,
  timezone: text.optional(),
  input: z.unknown().optional(),
  enabled: z.boolean().optional(),
  flexibleWindowMinutes: z.number().int().min(1).max(1440).optional(),
  startDate: z.iso.datetime({ offset: true }).optional(),
  endDate: z.iso.datetime({ offset: true }).optional(),
  retryPolicy: z
    .strictObject({
      MaximumRetryAttempts: z.number().int().min(0).max(185).optional(),
      MaximumEventAgeInSeconds: z.number().int().min(60).max(86_400).optional(),
    })
    .optional(),
  deadLetterQueueArn: text.optional(),
});

/** A destination of execution status-change events (triggers/). */
const webhook = z.strictObject({
  name: text,
  url: endpointUrl,
  secret: text.optional(),
  stateMachines: strings.optional(),
  statuses: z.array(z.enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'])).optional(),
});

/** An EventBridge-style rule: matching status-change events start a state machine (triggers/). */
const rule = z.strictObject({
  name: z.string().regex(/^[\w.-]{1,64}$/, 'expected 1 to 64 of a-z A-Z 0-9 _ . -'),
  eventBusName: text.optional(),
  eventPattern: z.record(z.string(), z.unknown()),
  stateMachine: text,
  inputPath: text.optional(),
  inputTransformer: z
    .strictObject({ InputPathsMap: z.record(z.string(), z.string()).optional(), InputTemplate: z.string() })
    .optional(),
});

/** A state machine exposed at POST /triggers/<name> (triggers/). */
const httpTrigger = z.strictObject({
  name: z.string().regex(/^[\w.-]{1,80}$/, 'expected 1 to 80 of a-z A-Z 0-9 _ . -'),
  stateMachine: text,
  apiKeys: strings.optional(),
  maxBodyBytes: z.number().int().positive().optional(),
  path: text.optional(),
  requestMapping: z.record(z.string(), z.string()).optional(),
  signatureKeys: z.array(z.strictObject({ accessKeyId: text, secretAccessKey: text })).optional(),
});

export const configFileSchema = z.strictObject({
  $schema: z.string().optional(),
  host: text.optional(),
  port: z.number().int().min(0).max(65535).optional(),
  region: region.optional(),
  account: z
    .string()
    .regex(/^\d{12}$/, 'expected a 12-digit AWS account id')
    .optional(),
  dataDir: text.optional(),
  store: text.optional(),
  functionModules: strings.optional(),
  examples: z.boolean().optional(),
  parkAfterSeconds: z.number().min(0).optional(),
  advertiseUrl: z.url().optional(),
  scaleOut: z.boolean().optional(),
  scaleOutNotify: z.boolean().optional(),
  credentials: z.array(z.strictObject({ accessKeyId: text, secretAccessKey: text })).optional(),
  cors: z.strictObject({ allowedOrigins: strings }).optional(),
  allowedHosts: strings.optional(),
  observability: observability.optional(),
  integrations: z
    .strictObject({
      http: z
        .strictObject({
          allowHosts: strings.optional(),
          timeoutSeconds: seconds.max(60).optional(),
          connections: z.record(z.string(), connection).optional(),
        })
        .optional(),
      lambda: z
        .strictObject({
          functions: z.record(z.string(), lambdaFunction).optional(),
          endpoint: z.url().optional(),
        })
        .optional(),
      aws: z
        .strictObject({
          region: region.optional(),
          endpoints: z.record(z.string(), endpointUrl).optional(),
          credentials: z
            .strictObject({ accessKeyId: text, secretAccessKey: text, sessionToken: text.optional() })
            .optional(),
          profile: text.optional(),
          pollIntervalSeconds: z.number().positive().max(3600).optional(),
          localBuckets: text.optional(),
        })
        .optional(),
      mockConfigFile: text.optional(),
    })
    .optional(),
  triggers: z
    .strictObject({
      schedules: z.array(schedule).optional(),
      webhooks: z.array(webhook).optional(),
      http: z.array(httpTrigger).optional(),
      rules: z.array(rule).optional(),
      eventBuses: strings.optional(),
      /** `stdout` or a file: every status-change event as one JSON line (the log stream). */
      statusEventLog: text.optional(),
    })
    .optional(),
});

/** The configuration's triggers: schedules, webhooks, HTTP triggers. */
export type TriggerSettings = NonNullable<ConfigFile['triggers']>;

export type ConfigFile = z.infer<typeof configFileSchema>;

/** The keys an object at `path` of the schema may hold, for a "did you mean" on an unknown one. */
export function keysAt(path: readonly PropertyKey[]): string[] {
  let schema: z.core.$ZodType = configFileSchema;
  for (const segment of path) {
    schema = unwrap(schema);
    if (schema instanceof z.ZodObject) {
      const next = (schema.shape as Record<string, z.core.$ZodType>)[String(segment)];
      if (!next) return [];
      schema = next;
    } else if (schema instanceof z.ZodRecord) schema = schema.valueType;
    else if (schema instanceof z.ZodArray) schema = schema.element;
    else return [];
  }
  schema = unwrap(schema);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodPipe)
    s = s instanceof z.ZodOptional ? s.unwrap() : s.in;
  return s;
}
