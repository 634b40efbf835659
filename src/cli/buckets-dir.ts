import type { Settings } from '../server/index.ts';
import { CliError } from './cli-error.ts';

/** `--buckets-dir DIR` (serve, run): over the configuration's `integrations.aws.localBuckets`. */
export function withBucketsDir(settings: Settings, dir: string | undefined): Settings {
  if (dir === undefined) return settings;
  if (dir.trim() === '') throw new CliError('--buckets-dir needs a folder (its folders are the buckets)');
  const integrations = settings.integrations ?? {};
  return { ...settings, integrations: { ...integrations, aws: { ...integrations.aws, localBuckets: dir } } };
}
