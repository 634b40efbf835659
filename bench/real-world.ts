// How much of real-world Step Functions Stepwise runs, measured on a folder of state machine
// definitions (one `*.json` each, found recursively) such as those of AWS's public sample
// repositories:
//   npm run measure:real-world -- /tmp/real-world/defs
// It reports how many definitions validate on Stepwise (the checks of CreateStateMachine and
// `stepwise validate`), and for each integration — the Task resource's family and pattern — how
// many definitions use it and whether Stepwise calls it. Whether it does is asked of Stepwise's
// own task runner, not of a list kept here: each distinct integration is run once with empty
// parameters and every AWS endpoint pointed at a closed loopback port, and the answer tells
// (called and refused by the network, "no integration for the resource", a client package to
// install, an action the SDK does not have).
//
// Definitions from templates carry deployment placeholders (`${AWS::Region}`, `${MyFunctionArn}`).
// AWS sees them substituted; here pseudo parameters become the server's region and account, and a
// Resource that is a placeholder alone becomes the Lambda function (or activity) it names.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseDefinitionText, validateDefinition } from '../src/asl/index.ts';
import { DEFAULTS } from '../src/config/index.ts';
import { createRuntime } from '../src/server/index.ts';

const REGION = DEFAULTS.region;
const ACCOUNT = DEFAULTS.account;

const folder = process.argv[2];
if (!folder || folder.startsWith('--')) {
  console.error('usage: npm run measure:real-world -- <folder of definitions>');
  process.exit(2);
}

function definitionFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return definitionFiles(path);
    return name.endsWith('.json') ? [path] : [];
  });
}

/** The definition as AWS would see it once deployed (see the header). */
function substituted(text: string): string {
  const pseudo = text
    .replaceAll('${AWS::Region}', REGION)
    .replaceAll('${AWS::AccountId}', ACCOUNT)
    .replaceAll('${AWS::Partition}', 'aws')
    .replaceAll('${AWS::URLSuffix}', 'amazonaws.com')
    // A partition given as a template parameter (`arn:${Partition}:states:::…`).
    .replace(/"arn:\$\{[^}]+\}:/g, '"arn:aws:');
  return pseudo.replace(
    /("Resource"\s*:\s*")\$\{([^}]+)\}(")/g,
    (_, open: string, name: string, close: string) => {
      const id = name.replace(/[^A-Za-z0-9-_]/g, '-');
      const arn = /activity/i.test(name)
        ? `arn:aws:states:${REGION}:${ACCOUNT}:activity:${id}`
        : `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${id}`;
      return `${open}${arn}${close}`;
    },
  );
}

/** Every Task `Resource` of a definition, in branches and item processors too. */
function taskResources(node: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(node)) for (const item of node) taskResources(item, out);
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (record['Type'] === 'Task' && typeof record['Resource'] === 'string') out.add(record['Resource']);
    for (const value of Object.values(record))
      if (value && typeof value === 'object') taskResources(value, out);
  }
  return out;
}

interface Integration {
  /** `dynamodb:putItem`, `aws-sdk:s3`, `lambda (function ARN)`, `activity`. */
  readonly family: string;
  readonly pattern: string;
  /** What to run to learn whether Stepwise calls it (the call without its callback pattern). */
  readonly probe: string;
  /** A service other than Lambda, activities, HTTP and nested executions (issue 12's measure). */
  readonly awsService: boolean;
}

const PATTERN = /\.(sync:2|sync|waitForTaskToken)$/;
const NOT_AWS_SERVICES = new Set(['lambda:invoke', 'http:invoke', 'states:startExecution']);

/**
 * An integration ARN with a region and account (`arn:aws:states:us-east-1:123456789012:aws-sdk:s3:getObject`):
 * AWS's sample templates deploy such resources; they are counted apart from the `states:::` form.
 */
const REGIONAL = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:(?!activity:|stateMachine:|execution:)/;

function integrationOf(resource: string): Integration {
  const service = /^arn:aws[a-z-]*:states:[^:]*:[^:]*:(.+)$/.exec(resource)?.[1];
  if (service !== undefined && (resource.includes(':states:::') || REGIONAL.test(resource))) {
    const form = REGIONAL.test(resource) ? ' (ARN with region/account)' : '';
    const pattern = PATTERN.exec(service)?.[0] ?? '';
    const api = service.slice(0, service.length - pattern.length);
    const sdk = /^aws-sdk:([^:]+):/.exec(api);
    const family = `${sdk ? `aws-sdk:${sdk[1]}` : api}${form}`;
    const probe = `${resource.slice(0, resource.length - service.length)}${api}${pattern === '.waitForTaskToken' ? '' : pattern}`;
    return {
      family,
      pattern: pattern === '' ? 'request-response' : pattern,
      probe,
      awsService: !NOT_AWS_SERVICES.has(api),
    };
  }
  if (/^arn:aws[a-z-]*:states:[^:]*:[^:]*:activity:/.test(resource)) {
    return { family: 'activity', pattern: 'activity', probe: resource, awsService: false };
  }
  if (/^arn:aws[a-z-]*:lambda:/.test(resource)) {
    return {
      family: 'lambda (function ARN)',
      pattern: 'request-response',
      probe: resource,
      awsService: false,
    };
  }
  return { family: `other: ${resource}`, pattern: '', probe: resource, awsService: false };
}

type Support = '✅ called' | '✅ client installed on demand' | '❌ not called' | '❌ unknown action';

/** Runs the integration once against closed endpoints and reads Stepwise's answer (see the header). */
async function probeAll(probes: readonly string[]): Promise<Map<string, { support: Support; why: string }>> {
  // Port 9 (discard) on loopback is closed here: every AWS call is refused at once.
  process.env['AWS_ENDPOINT_URL'] = 'http://127.0.0.1:9';
  process.env['AWS_EC2_METADATA_DISABLED'] = 'true';
  const runtime = await createRuntime({
    ...DEFAULTS,
    examples: false,
    functionModules: [],
    store: 'memory',
    integrations: { aws: { credentials: { accessKeyId: 'measure', secretAccessKey: 'measure' } } },
  });
  const out = new Map<string, { support: Support; why: string }>();
  for (const resource of probes) {
    if (/:activity:/.test(resource)) {
      out.set(resource, { support: '✅ called', why: 'activity workers (GetActivityTask)' });
      continue;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 10_000);
    const result = await runtime.integrations.run({
      resource,
      parameters: {},
      timeoutSeconds: undefined,
      heartbeatSeconds: undefined,
      visit: { context: {} },
      signal: controller.signal,
    });
    clearTimeout(timer);
    const cause = result.ok ? '' : (result.cause ?? result.error);
    const support: Support = /no integration for the resource|does not call the AWS service/.test(cause)
      ? '❌ not called'
      : /needs the AWS SDK package/.test(cause)
        ? '✅ client installed on demand'
        : /has no action/.test(cause)
          ? '❌ unknown action'
          : '✅ called';
    out.set(resource, { support, why: cause.split('\n')[0]?.slice(0, 160) ?? '' });
  }
  await runtime.shutdown();
  return out;
}

interface Measured {
  readonly file: string;
  readonly valid: boolean;
  readonly firstError: string | undefined;
  readonly integrations: readonly Integration[];
}

function measure(file: string): Measured {
  const text = substituted(readFileSync(file, 'utf8'));
  const parsed = parseDefinitionText(text);
  const diagnostics = parsed.diagnostics.length ? parsed.diagnostics : validateDefinition(parsed.definition);
  const errors = diagnostics.filter((d) => d.severity === 'ERROR');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return {
    file,
    valid: errors.length === 0,
    firstError: errors[0] ? `${errors[0].code}: ${errors[0].message.slice(0, 90)}` : undefined,
    integrations: [...taskResources(json)].map(integrationOf),
  };
}

const pct = (n: number, of: number): string => `${n} (${of ? Math.round((n / of) * 100) : 0}%)`;

const measured = definitionFiles(folder).map(measure);
const byKey = new Map<string, { integration: Integration; files: Set<string>; probes: Set<string> }>();
for (const m of measured) {
  for (const integration of m.integrations) {
    const key = `${integration.family}\u0000${integration.pattern}`;
    const entry = byKey.get(key) ?? { integration, files: new Set<string>(), probes: new Set<string>() };
    entry.files.add(m.file);
    entry.probes.add(integration.probe);
    byKey.set(key, entry);
  }
}
// Every distinct call is probed, not one per row: a family's actions (aws-sdk:s3's getObject and
// putObject) and functions differ in whether Stepwise performs them.
const support = await probeAll([...new Set(measured.flatMap((m) => m.integrations.map((i) => i.probe)))]);
const supported = (i: Integration): boolean => support.get(i.probe)?.support.startsWith('✅') ?? false;

const total = measured.length;
const valid = measured.filter((m) => m.valid);
const awsCalling = measured.filter((m) => m.integrations.some((i) => i.awsService));
const allSupported = measured.filter((m) => m.integrations.every(supported));
const runnable = measured.filter((m) => m.valid && m.integrations.every(supported));
const awsRunnable = awsCalling.filter((m) => m.valid && m.integrations.every(supported));

console.log(`Definitions: ${total} (${folder})`);
console.log(`Validate on Stepwise: ${pct(valid.length, total)}`);
console.log(
  `Call an AWS service other than Lambda, activities, HTTP, nested executions: ${pct(awsCalling.length, total)}`,
);
console.log(`Every integration used is called by Stepwise: ${pct(allSupported.length, total)}`);
console.log(
  `Valid and every integration called (runs when its services are reachable): ${pct(runnable.length, total)}`,
);
console.log(`  of those calling AWS services: ${pct(awsRunnable.length, awsCalling.length)}`);

const reasons = new Map<string, number>();
for (const m of measured) if (m.firstError) reasons.set(m.firstError, (reasons.get(m.firstError) ?? 0) + 1);
console.log('\nWhy the others do not validate (first error of each definition):');
for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 12))
  console.log(`  ${n} × ${reason}`);

console.log('\n| integration | pattern | definitions | Stepwise |');
console.log('|---|---|---:|---|');
const rows = [...byKey.values()].sort(
  (a, b) => b.files.size - a.files.size || a.integration.family.localeCompare(b.integration.family),
);
for (const { integration, files, probes } of rows) {
  // The row's answer: that of a call Stepwise does not perform, if any.
  const answers = [...probes].map((p) => support.get(p));
  const answer = answers.find((a) => !a?.support.startsWith('✅')) ?? answers[0];
  const note = answer?.support.startsWith('❌') ? ` (${answer.why})` : '';
  console.log(
    `| ${integration.family} | ${integration.pattern} | ${files.size} | ${answer?.support ?? '?'}${note} |`,
  );
}
