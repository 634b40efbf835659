import type { Diagnostic } from '../api/shapes.ts';

/**
 * The state a diagnostic points at: its location is a JSON Pointer such as
 * `/States/Map/ItemProcessor/States/Inner/Next`, so the last `States/<name>` pair wins.
 */
export function diagnosticState(location: string | undefined): string | undefined {
  if (!location) return undefined;
  const parts = location
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
  let name: string | undefined;
  for (let i = 0; i + 1 < parts.length; i++) if (parts[i] === 'States') name = parts[i + 1];
  return name;
}

/** Diagnostic messages grouped by the state they concern (the graph shows them as badges). */
export function diagnosticsByState(diagnostics: readonly Diagnostic[]): Map<string, string[]> {
  const byState = new Map<string, string[]>();
  for (const diagnostic of diagnostics) {
    const state = diagnosticState(diagnostic.location);
    if (state === undefined) continue;
    const list = byState.get(state) ?? [];
    list.push(`${diagnostic.code}: ${diagnostic.message}`);
    byState.set(state, list);
  }
  return byState;
}
