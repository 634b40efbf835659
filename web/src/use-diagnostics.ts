import { useEffect, useState } from 'react';
import { sfn } from './api/client.ts';
import type { Diagnostic } from './api/shapes.ts';

/** Validates the (edited) definition as the API would, a moment after typing stops. */
export function useDiagnostics(definition: string, type: string): Diagnostic[] {
  const [diagnostics, setDiagnostics] = useState<Diagnostic[]>([]);
  useEffect(() => {
    if (definition === '') return;
    let live = true;
    const timer = window.setTimeout(() => {
      sfn<{ diagnostics: Diagnostic[] }>('ValidateStateMachineDefinition', {
        definition,
        type,
        severity: 'WARNING',
      }).then(
        (result) => {
          if (live) setDiagnostics(result.diagnostics);
        },
        () => {
          if (live) setDiagnostics([]);
        },
      );
    }, 300);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [definition, type]);
  return diagnostics;
}
