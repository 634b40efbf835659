// Acceptance: every definition recorded as successful on real AWS validates without an ERROR.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { sharedPath } from '../../test-support/shared.ts';
import { validateDefinition } from './index.ts';

const root = sharedPath('conformance', 'cases');

function caseFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return caseFiles(path);
    return name.endsWith('.json') && name !== 'INDEX.json' ? [path] : [];
  });
}

test('every conformance definition validates with zero errors', { skip: root.skip }, () => {
  const files = caseFiles(root.path);
  assert.ok(files.length >= 530, `expected the 530 cases, found ${files.length}`);
  const failures: string[] = [];
  let checked = 0;
  for (const file of files) {
    const recorded = JSON.parse(readFileSync(file, 'utf8')) as { id: string; definition?: unknown };
    if (recorded.definition === undefined) continue;
    checked++;
    const errors = validateDefinition(recorded.definition).filter((d) => d.severity === 'ERROR');
    if (errors.length > 0) failures.push(`${recorded.id}: ${JSON.stringify(errors)}`);
  }
  assert.equal(checked, 530);
  assert.deepEqual(failures, []);
});
