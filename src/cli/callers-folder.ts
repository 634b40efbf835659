/**
 * `npm run stepwise -- …` and `npm start` run in the repository root whatever folder they are
 * typed in; npm passes that folder as INIT_CWD. Working from it makes relative paths (definitions,
 * inputs, --functions, the config file, the data folder) mean what the user typed, as with the
 * installed `stepwise` command.
 */
export function runFromCallersFolder(env = process.env): void {
  const caller = env['INIT_CWD'];
  // Only our own scripts that run the CLI: a test run (`npm test`) spawns it in folders of its own.
  const script = env['npm_lifecycle_event'];
  const ours = env['npm_package_name'] === 'stepwise' && (script === 'stepwise' || script === 'start');
  if (caller && ours && caller !== process.cwd()) process.chdir(caller);
}
