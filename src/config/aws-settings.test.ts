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

describe('integrations.aws in stepwise.config.json', () => {
  it('carries region, endpoints by service, credentials and profile to the integrations', () => {
    const aws = {
      region: 'eu-west-1',
      endpoints: { dynamodb: 'http://127.0.0.1:4567', s3: 'http://127.0.0.1:4568' },
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret', sessionToken: 'token' },
      profile: 'local',
      localBuckets: './buckets',
    };
    const settings = loadSettings({}, folderWithConfig({ integrations: { aws } }), {});
    assert.deepEqual(settings.integrations?.aws, aws);
  });

  it('refuses a misspelt key, an endpoint that is no URL and a half key pair, naming each', () => {
    const dir = folderWithConfig({
      integrations: {
        aws: {
          regoin: 'us-east-1',
          endpoints: { dynamodb: 'localhost:8000' },
          credentials: { accessKeyId: 'A' },
        },
      },
    });
    assert.throws(
      () => loadSettings({}, dir, {}),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        const text = e.message;
        assert.match(text, /"integrations\.aws\.regoin": unknown key \(did you mean "region"\?\)/);
        assert.match(text, /"integrations\.aws\.endpoints\.dynamodb": expected an http\(s\) URL/);
        assert.match(text, /"integrations\.aws\.credentials\.secretAccessKey"/);
        return true;
      },
    );
  });
});
