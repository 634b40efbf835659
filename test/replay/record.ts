// Records the replay fixtures from the scenarios (scenarios.ts) with today's engine:
//
//   npm run replay:record                   every scenario
//   npm run replay:record -- wait nested    only these
//
// Never in CI: CI resumes the checked-in fixtures and fails when one diverges (README.md).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, record } from './harness.ts';
import { SCENARIOS } from './scenarios.ts';

if (process.env['CI']) {
  console.error('replay:record does not run in CI: the checked-in fixtures are the reference');
  process.exit(1);
}
const only = process.argv.slice(2);
const unknown = only.filter((name) => !SCENARIOS.some((s) => s.name === name));
if (unknown.length > 0) {
  console.error(`no scenario named ${unknown.join(', ')}`);
  process.exit(1);
}
for (const scenario of SCENARIOS) {
  if (only.length > 0 && !only.includes(scenario.name)) continue;
  console.log(`${scenario.name}: recording`);
  const fixture = await record(scenario);
  writeFileSync(join(FIXTURES, `${scenario.name}.json`), `${JSON.stringify(fixture, null, 2)}\n`);
  const summary = fixture.expected.map((o) => `${o.executionArn.split(':').slice(-2).join(':')} ${o.status}`);
  console.log(`${scenario.name}: ${fixture.store.events.length} events at the pause; ${summary.join(', ')}`);
}
