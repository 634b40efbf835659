// The layer rules of lint/layers.js on real paths of this repo: what each one lets through and
// what it stops (DESIGN.md "Who may import whom").
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import layers from '../../lint/layers.js';

RuleTester.describe = describe;
RuleTester.it = it;
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });
const src = resolve(import.meta.dirname, '..', '..', 'src');
const inEngine = join(src, 'engine', 'probe.ts');

tester.run('enter-through-index', layers.rules['enter-through-index'], {
  valid: [
    { filename: inEngine, code: "import type { Store } from '../store/index.ts';" },
    { filename: inEngine, code: "import { ServiceError } from './errors.ts';" },
    { filename: join(src, 'server', 'probe.ts'), code: "import { openStore } from '../store/drivers.ts';" },
    {
      filename: join(src, 'engine', 'probe.test.ts'),
      code: "import { VirtualClock } from '../test-support/engine-harness.ts';",
    },
  ],
  invalid: [
    {
      filename: inEngine,
      code: "import { openStore } from '../store/drivers.ts';",
      errors: [{ messageId: 'drivers' }],
    },
    {
      filename: inEngine,
      code: "import { MemoryStore } from '../store/memory/index.ts';",
      errors: [{ messageId: 'deep' }],
    },
    {
      filename: join(src, 'cli', 'probe.ts'),
      code: "export { Engine } from '../engine/engine.ts';",
      errors: [{ messageId: 'deep' }],
    },
    {
      filename: inEngine,
      code: "import { VirtualClock } from '../test-support/engine-harness.ts';",
      errors: [{ messageId: 'testCode' }],
    },
  ],
});

const dir = mkdtempSync(join(tmpdir(), 'stepwise-cycle-'));
after(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'a.ts'), "import type { B } from './b.ts';\nexport type A = { b?: B };\n");
writeFileSync(join(dir, 'b.ts'), "import type { A } from './a.ts';\nexport type B = { a?: A };\n");
writeFileSync(join(dir, 'c.ts'), "import type { A } from './a.ts';\nexport type C = A;\n");

tester.run('no-cycle', layers.rules['no-cycle'], {
  valid: [{ filename: join(dir, 'c.ts'), code: "import type { A } from './a.ts';\nexport type C = A;" }],
  invalid: [
    {
      filename: join(dir, 'a.ts'),
      code: "import type { B } from './b.ts';\nexport type A = { b?: B };",
      errors: [{ messageId: 'cycle' }],
    },
  ],
});
