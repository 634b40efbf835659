import { defineAction } from '../action.ts';
import { StateMachineTypeMember } from '../members.ts';
import type { Diagnostic } from '../shapes.ts';

const members = {
  definition: { type: 'string', required: true, max: 1_048_576, sensitive: true },
  type: StateMachineTypeMember,
  severity: { type: 'string', enum: ['ERROR', 'WARNING'] },
  maxResults: { type: 'integer', min: 0, max: 100 },
} as const;

/**
 * `severity` ERROR (the default) returns errors only, WARNING returns both; `maxResults` 0 or
 * absent means 100. The result is FAIL when the definition has any error (API reference).
 */
export const ValidateStateMachineDefinition = defineAction(members, (engine, input) => {
  const all = engine.validate(input.definition, input.type ?? 'STANDARD');
  const wanted = (input.severity ?? 'ERROR') === 'ERROR' ? all.filter((d) => d.severity === 'ERROR') : all;
  const limit = input.maxResults === undefined || input.maxResults === 0 ? 100 : input.maxResults;
  const diagnostics = wanted.slice(0, limit).map((d): Diagnostic => {
    const out: Diagnostic = { severity: d.severity, code: d.code, message: d.message };
    if (d.location !== undefined) out.location = d.location;
    return out;
  });
  return {
    result: all.some((d) => d.severity === 'ERROR') ? 'FAIL' : 'OK',
    diagnostics,
    truncated: wanted.length > limit,
  };
});
