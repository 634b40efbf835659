import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError } from './config-error.ts';
import { loadSettings } from './settings.ts';

function folderWithConfig(config: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-config-'));
  writeFileSync(join(dir, 'stepwise.config.json'), JSON.stringify(config));
  return dir;
}

describe('observability settings', () => {
  it('takes metrics, log destinations by log group and the trace endpoint from the file', () => {
    const observability = {
      metrics: false,
      logs: {
        destination: 'stdout',
        logGroups: {
          'arn:aws:logs:us-east-1:123456789012:log-group:orders': { file: 'orders.jsonl', maxFiles: 3 },
          'arn:aws:logs:us-east-1:123456789012:log-group:audit': { otlp: 'http://collector:4318/v1/logs' },
        },
      },
      tracing: { endpoint: 'http://127.0.0.1:4318' },
    };
    const settings = loadSettings({}, folderWithConfig({ observability }), {});
    assert.deepEqual(settings.observability, observability);
  });

  it('lets the environment set parts and keeps the file’s others', () => {
    const dir = folderWithConfig({ observability: { metrics: false, logs: { destination: 'stdout' } } });
    const settings = loadSettings({}, dir, {
      STEPWISE_EXECUTION_LOGS: '/var/log/stepwise.jsonl',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
    });
    assert.deepEqual(settings.observability, {
      metrics: false,
      logs: { destination: { file: '/var/log/stepwise.jsonl' } },
      tracing: { endpoint: 'http://collector:4318' },
    });
    assert.equal(loadSettings({}, dir, { STEPWISE_METRICS: 'true' }).observability?.metrics, true);
    assert.deepEqual(
      loadSettings({}, dir, { STEPWISE_EXECUTION_LOGS: 'http://collector:4318' }).observability?.logs,
      { destination: { otlp: 'http://collector:4318' } },
      'an http(s) URL is an OTLP/HTTP logs endpoint',
    );
    assert.deepEqual(
      loadSettings({}, tmpdir(), { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces' })
        .observability,
      { tracing: {} },
      'the exporter reads the traces-only variable itself',
    );
  });

  it('refuses an OTLP logs endpoint that is no http(s) URL', () => {
    const dir = folderWithConfig({ observability: { logs: { destination: { otlp: 'collector:4318' } } } });
    assert.throws(() => loadSettings({}, dir, {}), /"observability\.logs\.destination/);
  });

  it('refuses a misspelt key and a log file size under 1 KiB, naming each', () => {
    const dir = folderWithConfig({
      observability: { metric: true, logs: { destination: { file: 'x', maxBytes: 10 } } },
    });
    assert.throws(
      () => loadSettings({}, dir, {}),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.match(e.message, /"observability\.metric": unknown key \(did you mean "metrics"\?\)/);
        assert.match(e.message, /"observability\.logs\.destination/);
        return true;
      },
    );
  });
});
