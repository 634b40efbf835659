import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { DEFAULTS } from '../../src/config/index.ts';
import { type RunningServer, startServer } from '../../src/server/index.ts';

const run = promisify(execFile);

/** The `aws` command, if installed (CI installs Debian's awscli; CI=1 makes its absence fail). */
async function awsVersion(): Promise<string | undefined> {
  try {
    const { stdout, stderr } = await run('aws', ['--version']);
    return (stdout || stderr).trim();
  } catch {
    return undefined;
  }
}

const version = await awsVersion();
if (!version && process.env['CI']) throw new Error('the AWS CLI test needs `aws` (apt-get install awscli)');

const DEFINITION = JSON.stringify({
  StartAt: 'Greet',
  States: {
    Greet: {
      Type: 'Pass',
      Parameters: { 'greeting.$': "States.Format('Hello, {}!', $.name)" },
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
  },
});

describe(`the AWS CLI (${version ?? 'not installed'}) against stepwise serve`, { skip: !version }, () => {
  let server: RunningServer;
  let signed: RunningServer;
  before(async () => {
    server = await startServer({ ...DEFAULTS, host: '127.0.0.1', port: 0, examples: false, store: 'memory' });
    signed = await startServer({
      ...DEFAULTS,
      host: '127.0.0.1',
      port: 0,
      examples: false,
      store: 'memory',
      credentials: [{ accessKeyId: 'AKIDCLI', secretAccessKey: 'cli-secret' }],
    });
  });
  after(async () => {
    await Promise.all([server.close(), signed.close()]);
  });

  /** One `aws stepfunctions` call with JSON output, isolated from any user configuration. */
  async function aws(
    url: string,
    args: string[],
    keys = { id: 'local', secret: 'local' },
  ): Promise<Record<string, unknown>> {
    const { stdout } = await run(
      'aws',
      ['--endpoint-url', url, '--output', 'json', 'stepfunctions', ...args],
      {
        env: {
          PATH: process.env['PATH'],
          HOME: process.env['HOME'],
          AWS_ACCESS_KEY_ID: keys.id,
          AWS_SECRET_ACCESS_KEY: keys.secret,
          AWS_DEFAULT_REGION: 'us-east-1',
          AWS_CONFIG_FILE: '/nonexistent',
          AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
          AWS_PAGER: '',
        },
      },
    );
    return stdout.trim() === '' ? {} : (JSON.parse(stdout) as Record<string, unknown>);
  }

  test('create, start, describe, list and read the history of an execution', async () => {
    const created = await aws(server.url, [
      'create-state-machine',
      '--name',
      'cli-hello',
      '--definition',
      DEFINITION,
      '--role-arn',
      'arn:aws:iam::123456789012:role/stepwise',
    ]);
    const machine = created['stateMachineArn'] as string;
    assert.equal(machine, 'arn:aws:states:us-east-1:123456789012:stateMachine:cli-hello');
    // CLI v1 prints the epoch seconds as they came, v2 an ISO date; a wrong unit lands far from today.
    const date = created['creationDate'];
    const ms = typeof date === 'number' ? date * 1000 : Date.parse(String(date));
    assert.ok(Math.abs(ms - Date.now()) < 60_000, String(date));

    const listed = await aws(server.url, ['list-state-machines']);
    assert.deepEqual(
      (listed['stateMachines'] as { name: string }[]).map((s) => s.name),
      ['cli-hello'],
    );

    const started = await aws(server.url, [
      'start-execution',
      '--state-machine-arn',
      machine,
      '--name',
      'first',
      '--input',
      '{"name": "CLI"}',
    ]);
    const execution = started['executionArn'] as string;
    assert.equal(execution, 'arn:aws:states:us-east-1:123456789012:execution:cli-hello:first');
    await server.engine.waitForExecution(execution);

    const described = await aws(server.url, ['describe-execution', '--execution-arn', execution]);
    assert.equal(described['status'], 'SUCCEEDED');
    assert.deepEqual(JSON.parse(described['output'] as string), { greeting: 'Hello, CLI!' });

    const executions = await aws(server.url, ['list-executions', '--state-machine-arn', machine]);
    assert.deepEqual(
      (executions['executions'] as { executionArn: string; status: string }[]).map((e) => [
        e.executionArn,
        e.status,
      ]),
      [[execution, 'SUCCEEDED']],
    );

    const history = await aws(server.url, ['get-execution-history', '--execution-arn', execution]);
    assert.deepEqual(
      (history['events'] as { type: string }[]).map((e) => e.type),
      [
        'ExecutionStarted',
        'PassStateEntered',
        'PassStateExited',
        'SucceedStateEntered',
        'SucceedStateExited',
        'ExecutionSucceeded',
      ],
    );
  });

  test('errors come back as the CLI shows AWS errors', async () => {
    await assert.rejects(
      aws(server.url, [
        'describe-state-machine',
        '--state-machine-arn',
        'arn:aws:states:us-east-1:123456789012:stateMachine:none',
      ]),
      (e: Error & { stderr?: string }) => /StateMachineDoesNotExist/.test(e.stderr ?? ''),
    );
  });

  test('the CLI signs with SigV4: the configured key passes, another is refused', async () => {
    const ok = await aws(signed.url, ['list-state-machines'], { id: 'AKIDCLI', secret: 'cli-secret' });
    assert.deepEqual(ok['stateMachines'], []);
    await assert.rejects(
      aws(signed.url, ['list-state-machines'], { id: 'AKIDCLI', secret: 'wrong' }),
      (e: Error & { stderr?: string }) => /InvalidSignatureException/.test(e.stderr ?? ''),
    );
  });
});
