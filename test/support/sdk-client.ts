import { SFNClient } from '@aws-sdk/client-sfn';

/** An AWS SDK client of a test's own server: dummy keys, no retries. */
export function sdkClient(endpoint: string): SFNClient {
  return new SFNClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts: 1,
    // StartSyncExecution and TestState would go to `sync-127.0.0.1`, which does not resolve.
    disableHostPrefix: true,
  });
}
