import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clientName, sdkService } from './sdk-services.ts';

test('a service with no row of its own is its package’s: name, prefix, endpoint variable', () => {
  assert.deepEqual(sdkService('acmpca'), {
    packageName: '@aws-sdk/client-acm-pca',
    client: '',
    prefix: 'AcmPca',
    sdkId: 'ACM_PCA',
  });
  assert.equal(sdkService('cloudwatchlogs')?.packageName, '@aws-sdk/client-cloudwatch-logs');
  assert.equal(sdkService('nosuchservice'), undefined);
});

test('every service id the validator accepts names an SDK package (Java-v2 spellings included)', () => {
  assert.deepEqual(sdkService('config'), {
    packageName: '@aws-sdk/client-config-service',
    client: '',
    prefix: 'Config',
    sdkId: 'CONFIG_SERVICE',
  });
  assert.equal(sdkService('databasemigration')?.packageName, '@aws-sdk/client-database-migration-service');
  assert.equal(sdkService('lexruntime')?.packageName, '@aws-sdk/client-lex-runtime-service');
});

test('the client of a loaded package is found by its exports when the table does not name it', async () => {
  const sts = (await import('@aws-sdk/client-sts')) as Readonly<Record<string, unknown>>;
  assert.equal(clientName(sts, ''), 'STSClient');
  assert.equal(clientName(sts, 'STSClient'), 'STSClient');
});
