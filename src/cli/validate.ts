import type { Diagnostic } from '../asl/index.ts';
import { validateDefinition, parseDefinitionText } from '../asl/index.ts';
import { CliError } from './cli-error.ts';
import { readDefinition } from './definition-file.ts';

/** AWS's diagnostics of a definition: parse errors first, else the static checks. */
export function diagnose(text: string): Diagnostic[] {
  const parsed = parseDefinitionText(text);
  return parsed.diagnostics.length ? parsed.diagnostics : validateDefinition(parsed.definition);
}

/** One diagnostic per line, prefixed with the file: `file: ERROR CODE at /States/A: message`. */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  return `${file}: ${d.severity} ${d.code}${d.location ? ` at ${d.location}` : ''}: ${d.message}`;
}

/** `stepwise validate FILE…`: every file is checked and named; exit 1 if any has errors. */
export function validateCommand(files: string[]): number {
  if (files.length === 0) throw new CliError('give one or more definition files (or - for standard input)');
  let failed = 0;
  for (const file of files) {
    const name = file === '-' ? '<stdin>' : file;
    const diagnostics = diagnose(readDefinition(file));
    for (const d of diagnostics) process.stdout.write(`${formatDiagnostic(name, d)}\n`);
    const errors = diagnostics.filter((d) => d.severity === 'ERROR').length;
    if (errors) failed++;
    process.stdout.write(errors ? `${name}: ${errors} error(s)\n` : `${name}: OK, the definition is valid\n`);
  }
  if (files.length > 1) process.stdout.write(`${files.length - failed} valid, ${failed} invalid\n`);
  return failed ? 1 : 0;
}
