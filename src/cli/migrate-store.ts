import { migrateStore } from '../server/index.ts';
import { CliError } from './cli-error.ts';

export interface MigrateStoreFlags {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

/** `stepwise migrate-store --from sqlite:DIR --to postgres://…`: prints what was copied. */
export async function migrateStoreCommand(flags: MigrateStoreFlags): Promise<number> {
  if (!flags.from || !flags.to)
    throw new CliError('--from and --to are required (stepwise migrate-store --help)');
  let r;
  try {
    r = await migrateStore(flags.from, flags.to);
  } catch (e) {
    throw new CliError(e instanceof Error ? e.message : String(e));
  }
  process.stdout.write(
    `Copied ${r.documents} documents (state machines, versions, aliases, tags, activities, schedules) and ` +
      `${r.executions} executions (${r.open} open, ${r.events} history events, ${r.timers} timers).\n` +
      'Start the servers on the new store: the open executions resume there.\n',
  );
  return 0;
}
