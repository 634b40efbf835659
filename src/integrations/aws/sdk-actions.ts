import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { SdkService } from './sdk-services.ts';

// Resolved from here, as aws-clients.ts imports the packages from here.
const require = createRequire(import.meta.url);

/** Each package's folder of command declarations, or null where it is not installed (or laid out otherwise). */
const commandDirs = new Map<string, string | null>();

function commandDir(packageName: string): string | null {
  let dir = commandDirs.get(packageName);
  if (dir === undefined) {
    try {
      const commands = join(
        dirname(require.resolve(`${packageName}/package.json`)),
        'dist-types',
        'commands',
      );
      dir = existsSync(commands) ? commands : null;
    } catch {
      dir = null;
    }
    commandDirs.set(packageName, dir);
  }
  return dir;
}

/**
 * Whether the installed client of a service has an action (`getItem` → GetItemCommand), read from
 * the package's published command declarations without loading the client; undefined when the
 * package is not installed (the task then fails naming the package to install) or not laid out
 * as AWS SDK v3 clients are.
 */
export function sdkActionExists(service: SdkService, action: string): boolean | undefined {
  const dir = commandDir(service.packageName);
  if (dir === null) return undefined;
  const command = `${action.charAt(0).toUpperCase()}${action.slice(1)}Command.d.ts`;
  return existsSync(join(dir, command));
}
