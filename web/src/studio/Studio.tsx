// Workflow Studio: palette | canvas + problems | inspector or code, with undo/redo, save (after
// a diff) and start execution. Design and code edit one document (studio-state.ts).
import { useEffect, useMemo, useState } from 'react';
import './studio.css';
import { errorText } from '../api/client.ts';
import { StartExecutionDialog } from '../components/StartExecutionDialog.tsx';
import { diagnosticsByState } from '../graph/diagnostics.ts';
import { href, setLeaveGuard } from '../route.ts';
import { useDiagnostics } from '../use-diagnostics.ts';
import { CodeView } from './CodeView.tsx';
import { Inspector } from './inspector/Inspector.tsx';
import type { JsonObject } from './json-edit.ts';
import { Palette } from './Palette.tsx';
import { ProblemsList } from './ProblemsList.tsx';
import type { SaveRequest } from './SaveDialog.tsx';
import { SaveDialog } from './SaveDialog.tsx';
import { ShortcutsHelp } from './ShortcutsHelp.tsx';
import { saveMachine } from './save-machine.ts';
import { StudioCanvas } from './StudioCanvas.tsx';
import { useStudio } from './use-studio.ts';

export interface StudioProps {
  readonly initial: JsonObject;
  /** The definition as saved ('' for a new state machine): what "unsaved changes" compares with. */
  readonly saved: string;
  readonly arn: string | undefined;
  readonly type: 'STANDARD' | 'EXPRESS';
}

const LEAVE = 'This workflow has unsaved changes. Leave and lose them?';

/** Asks before leaving (in the console or the tab) while there are unsaved changes. */
function useLeaveGuard(dirty: boolean): void {
  useEffect(() => {
    if (!dirty) return;
    const onUnload = (event: BeforeUnloadEvent): void => event.preventDefault();
    window.addEventListener('beforeunload', onUnload);
    setLeaveGuard(() => window.confirm(LEAVE));
    return () => {
      window.removeEventListener('beforeunload', onUnload);
      setLeaveGuard(undefined);
    };
  }, [dirty]);
}

export function Studio({ initial, saved: savedAtStart, arn: arnAtStart, type }: StudioProps) {
  const [saved, setSaved] = useState({ text: savedAtStart, arn: arnAtStart });
  const [tab, setTab] = useState<'inspector' | 'code'>('inspector');
  const [dialog, setDialog] = useState<'save' | 'start'>();
  const [help, setHelp] = useState(false);
  const [saving, setSaving] = useState<{ busy: boolean; error?: string }>({ busy: false });
  // The shortcuts run after render (from a keydown), when canSave below is known.
  const studio = useStudio(initial, {
    onSave: () => {
      if (canSave) setDialog('save');
    },
    onHelp: () => setHelp((open) => !open),
  });
  const { state, dispatch, definition } = studio;
  const text = state.history.present.text;
  const dirty = text !== saved.text;
  useLeaveGuard(dirty);
  const diagnostics = useDiagnostics(state.codeProblem ? '' : text, type);
  const problems = useMemo(() => diagnosticsByState(diagnostics), [diagnostics]);
  const hasErrors = state.codeProblem !== undefined || diagnostics.some((d) => d.severity === 'ERROR');
  const canSave = dirty && !hasErrors;
  const selection = useMemo(() => new Set(state.selection.map((s) => s.name)), [state.selection]);

  const save = async (request: SaveRequest): Promise<void> => {
    setSaving({ busy: true });
    try {
      const arn = await saveMachine(saved.arn, text, request);
      setSaved({ text, arn });
      setSaving({ busy: false });
      setDialog(undefined);
      // A new machine gets its own address (the leave guard is already off: nothing is unsaved).
      if (saved.arn === undefined) window.history.replaceState(null, '', href({ page: 'studio', arn }));
    } catch (error) {
      setSaving({
        busy: false,
        error: errorText(error),
      });
    }
  };

  return (
    <div className="studio" data-testid="studio">
      <div className="studio-bar">
        <h1>{saved.arn === undefined ? 'New state machine' : (saved.arn.split(':').pop() ?? '')}</h1>
        <div className="actions">
          <button
            type="button"
            className="btn"
            disabled={state.history.past.length === 0}
            onClick={() => dispatch({ kind: 'undo' })}
            title="Undo (Ctrl+Z)"
          >
            Undo
          </button>
          <button
            type="button"
            className="btn"
            disabled={state.history.future.length === 0}
            onClick={() => dispatch({ kind: 'redo' })}
            title="Redo (Ctrl+Shift+Z)"
          >
            Redo
          </button>
          <span className={`save-state${dirty ? ' dirty' : ''}`} data-testid="save-state">
            {dirty ? 'Unsaved changes' : 'Saved'}
          </span>
          <button
            type="button"
            className="btn btn-primary"
            disabled={!canSave}
            onClick={() => setDialog('save')}
            title={hasErrors ? 'Fix the problems first' : 'Save (Ctrl+S)'}
          >
            Save…
          </button>
          <button
            type="button"
            className="btn"
            disabled={dirty || saved.arn === undefined}
            onClick={() => setDialog('start')}
            title={dirty ? 'Save first' : undefined}
          >
            Start execution
          </button>
          <ShortcutsHelp open={help} onToggle={() => setHelp((open) => !open)} />
        </div>
      </div>
      <div className="studio-body">
        <Palette
          onAdd={(id) => studio.add(id)}
          where={studio.where?.label ?? 'unconnected (select a state or a +)'}
        />
        <div className="studio-center">
          <StudioCanvas
            definition={definition}
            selection={selection}
            primary={state.selected?.name}
            problems={problems}
            insertAt={studio.picked}
            onSelect={(name, toggle) => {
              studio.select(name, toggle);
              if (name !== undefined) setTab('inspector');
            }}
            onSelectMany={studio.selectMany}
            onDropTemplate={(id, target) => studio.add(id, target)}
            onPickInsert={studio.setPicked}
            onMove={studio.move}
            onConnect={studio.connectTo}
          />
          <ProblemsList
            diagnostics={diagnostics}
            codeProblem={state.codeProblem}
            onPick={(name) => {
              studio.select(name);
              setTab('inspector');
            }}
          />
        </div>
        <aside className="studio-side">
          <div className="tabs" role="tablist" aria-label="Side panel">
            {(['inspector', 'code'] as const).map((name) => (
              <button
                key={name}
                type="button"
                role="tab"
                aria-selected={tab === name}
                className={`tab${tab === name ? ' active' : ''}`}
                onClick={() => setTab(name)}
              >
                {name === 'inspector' ? 'Inspector' : 'Code'}
              </button>
            ))}
          </div>
          {tab === 'code' && (
            <CodeView
              text={text}
              definition={definition}
              selected={state.selected?.name}
              onJson={(value) => dispatch({ kind: 'code', text: value })}
              onDefinition={(next) => dispatch({ kind: 'edit', definition: next, tag: 'yaml' })}
            />
          )}
          {tab === 'inspector' &&
            (state.selection.length > 1 ? (
              <div className="insp-many" data-testid="selection">
                <p>
                  <strong>{state.selection.length} states selected:</strong>{' '}
                  {state.selection.map((s) => s.name).join(', ')}
                </p>
                <button type="button" className="btn btn-small" onClick={studio.duplicate}>
                  Duplicate all (Ctrl+D)
                </button>{' '}
                <button type="button" className="btn btn-small btn-danger" onClick={studio.remove}>
                  Delete all (Delete)
                </button>
              </div>
            ) : state.selected ? (
              <Inspector
                definition={definition}
                selected={state.selected}
                onEdit={(next, options) => dispatch({ kind: 'edit', definition: next, ...options })}
                onDelete={studio.remove}
              />
            ) : (
              <p className="muted insp-empty">
                Select a state on the canvas to edit it, or add one from the palette.
              </p>
            ))}
        </aside>
      </div>
      {dialog === 'save' && (
        <SaveDialog
          before={saved.text}
          after={text}
          isNew={saved.arn === undefined}
          busy={saving.busy}
          error={saving.error}
          onSave={(request) => void save(request)}
          onClose={() => setDialog(undefined)}
        />
      )}
      {dialog === 'start' && saved.arn !== undefined && (
        <StartExecutionDialog
          stateMachineArn={saved.arn}
          express={type === 'EXPRESS'}
          onClose={() => setDialog(undefined)}
          onStarted={(executionArn) => {
            window.location.hash = href({ page: 'execution', arn: executionArn });
          }}
        />
      )}
    </div>
  );
}
