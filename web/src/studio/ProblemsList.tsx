// The validation diagnostics (ValidateStateMachineDefinition); a click selects the state.
import type { Diagnostic } from '../api/shapes.ts';
import { diagnosticState } from '../graph/diagnostics.ts';

export function ProblemsList({
  diagnostics,
  codeProblem,
  onPick,
}: {
  diagnostics: readonly Diagnostic[];
  codeProblem: string | undefined;
  onPick: (stateName: string) => void;
}) {
  if (codeProblem) {
    return (
      <div className="problems" data-testid="problems">
        <p className="diag diag-error">
          <strong>JSON</strong> {codeProblem} — the canvas shows the last definition that parsed.
        </p>
      </div>
    );
  }
  if (diagnostics.length === 0) {
    return (
      <div className="problems" data-testid="problems">
        <p className="ok-line">✓ The definition is valid.</p>
      </div>
    );
  }
  return (
    <div className="problems" data-testid="problems">
      <ul className="diagnostics">
        {diagnostics.map((d, i) => {
          const state = diagnosticState(d.location);
          return (
            <li key={i} className={`diag diag-${d.severity.toLowerCase()}`}>
              {state !== undefined ? (
                <button type="button" className="link-button" onClick={() => onPick(state)}>
                  <strong>{d.code}</strong> {d.message} <span className="muted">({state})</span>
                </button>
              ) : (
                <>
                  <strong>{d.code}</strong> {d.message}
                  {d.location && <span className="muted"> at {d.location}</span>}
                </>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
