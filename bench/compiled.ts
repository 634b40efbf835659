// Benchmarks run Stepwise compiled to JavaScript, as an installed Stepwise runs `dist/`: stripping
// types at load time costs a process about 30 MB of RSS and its start-up time, which no user of
// the package pays.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(import.meta.dirname, '..');
export const WORK = join(ROOT, 'bench', '.work');
/** The shared workloads and peers (STEPWISE_SHARED, or ../shared beside the checkout). */
export const SHARED_BENCH = resolve(process.env['STEPWISE_SHARED'] ?? join(ROOT, '..', 'shared'), 'bench');

/**
 * The V8 flags the installed `stepwise` runs Node with (the first line of bin/stepwise.js): the
 * benchmarks' engine processes get them too, as they run Stepwise as it is installed.
 */
export const STEPWISE_NODE_FLAGS: readonly string[] = nodeFlagsOf(
  readFileSync(join(ROOT, 'bin', 'stepwise.js'), 'utf8'),
);

/** Node's arguments for the compiled child harness `script` (bench/in-process-child.ts) with `args`. */
export function childArgv(script: string, ...args: string[]): string[] {
  return [...STEPWISE_NODE_FLAGS, '--expose-gc', script, '--child', ...args];
}

/** The flags of a `#!/usr/bin/env -S node …` line. */
function nodeFlagsOf(script: string): string[] {
  const shebang = /^#!\/usr\/bin\/env -S node((?: --?[\w-]+(?:=\S+)?)*)\s*$/.exec(script.split('\n', 1)[0]!);
  if (!shebang) throw new Error('bin/stepwise.js does not start with #!/usr/bin/env -S node [flags]');
  return shebang[1]!.trim().split(/\s+/).filter(Boolean);
}

/** What every compiled bench entry may import beside `src/`. */
const SUPPORT = [join(ROOT, 'bench', 'bench-clock.ts')];

/**
 * Compiles `src/` of a checkout (this one by default) and the given bench entry files to
 * JavaScript (type stripping only: `tsc` checks types elsewhere) and returns the compiled paths
 * of the entries. The entries land in `bench/` beside that checkout's compiled `src/`, so this
 * checkout's harness can drive another commit's engine (bench/ab.ts); the output goes into the
 * checkout's own bench/.work, where its node_modules resolve.
 */
export function compiled(entries: readonly string[], checkout = ROOT): string[] {
  const out = join(checkout, 'bench', '.work', 'js');
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2023,
    module: ts.ModuleKind.ESNext,
    rewriteRelativeImportExtensions: true,
    verbatimModuleSyntax: true,
  };
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? files(join(dir, e.name))
        : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
          ? [join(dir, e.name)]
          : [],
    );
  const emit = (file: string, target: string): string => {
    const text = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: options }).outputText;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
    return target;
  };
  const js = (path: string): string => path.replace(/\.ts$/, '.js');
  for (const file of files(join(checkout, 'src'))) emit(file, js(join(out, relative(checkout, file))));
  for (const file of SUPPORT) emit(file, js(join(out, 'bench', basename(file))));
  return entries.map((file) => emit(file, js(join(out, 'bench', basename(file)))));
}
