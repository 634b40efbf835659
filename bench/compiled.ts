// Benchmarks run Stepwise compiled to JavaScript, as an installed Stepwise runs `dist/`: stripping
// types at load time costs a process about 30 MB of RSS and its start-up time, which no user of
// the package pays.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(import.meta.dirname, '..');
export const WORK = join(ROOT, 'bench', '.work');

/**
 * Compiles `src/` and the given bench entry files to JavaScript in bench/.work/js (type stripping
 * only: `tsc` checks types elsewhere) and returns the compiled paths of the entries.
 */
export function compiled(entries: readonly string[]): string[] {
  const out = join(WORK, 'js');
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
  const target = (file: string): string => join(out, relative(ROOT, file)).replace(/\.ts$/, '.js');
  for (const file of [...files(join(ROOT, 'src')), ...entries]) {
    const text = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: options }).outputText;
    mkdirSync(dirname(target(file)), { recursive: true });
    writeFileSync(target(file), text);
  }
  return entries.map(target);
}
