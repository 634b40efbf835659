import { validateDefinition, parseDefinitionText } from '../asl/index.ts';
import { readDefinition } from './definition-file.ts';

export function validateCommand(file: string | undefined): number {
  const parsed = parseDefinitionText(readDefinition(file));
  const diagnostics = parsed.diagnostics.length ? parsed.diagnostics : validateDefinition(parsed.definition);
  for (const d of diagnostics) {
    process.stdout.write(
      `${d.severity} ${d.code}${d.location ? ` at ${d.location || '/'}` : ''}: ${d.message}\n`,
    );
  }
  const errors = diagnostics.filter((d) => d.severity === 'ERROR').length;
  process.stdout.write(errors ? `${errors} error(s)\n` : 'OK: the definition is valid\n');
  return errors ? 1 : 0;
}
