// The keyboard shortcuts and gestures of the studio, behind a "?" button (and the "?" key).
const SHORTCUTS: readonly (readonly [string, string])[] = [
  ['Delete / Backspace', 'Delete the selected states'],
  ['Ctrl+Z', 'Undo'],
  ['Ctrl+Y, Ctrl+Shift+Z', 'Redo'],
  ['Ctrl+D', 'Duplicate the selected states'],
  ['Ctrl+S', 'Save (shows the diff first)'],
  ['Ctrl+A', 'Select every state'],
  ['Escape', 'Clear the selection and the picked +'],
  ['Shift/Ctrl+click', 'Add a state to the selection, or take it out'],
  ['Shift+drag on the canvas', 'Select the states inside a rectangle'],
  ['Drag a state', 'Move it onto a + or another state (into a branch too)'],
  ['Drag from a handle', 'Connect Next, a Choice rule, Default or Catch to a state'],
  ['?', 'Show or hide this help'],
];

export function ShortcutsHelp({ open, onToggle }: { open: boolean; onToggle: () => void }) {
  return (
    <div className="shortcuts">
      <button
        type="button"
        className="btn"
        aria-expanded={open}
        aria-controls="studio-shortcuts"
        title="Keyboard shortcuts (?)"
        onClick={onToggle}
      >
        ?
      </button>
      {open && (
        <div
          className="shortcuts-popover"
          id="studio-shortcuts"
          role="dialog"
          aria-label="Keyboard shortcuts"
        >
          <table>
            <tbody>
              {SHORTCUTS.map(([keys, what]) => (
                <tr key={keys}>
                  <th scope="row">
                    <kbd>{keys}</kbd>
                  </th>
                  <td>{what}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
