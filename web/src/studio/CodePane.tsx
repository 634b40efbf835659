// The definition as ASL JSON (or YAML) in CodeMirror 6. The editor lives in a shadow root: there
// CodeMirror puts its styles in constructed style sheets (adoptedStyleSheets) instead of a <style>
// element, which the console's CSP (style-src 'self') would block.
import { json } from '@codemirror/lang-json';
import { yaml } from '@codemirror/lang-yaml';
import { EditorView, basicSetup } from 'codemirror';
import { useEffect, useEffectEvent, useRef } from 'react';

const FILL = EditorView.theme({
  '&': { height: '100%', fontSize: '12px' },
  '.cm-scroller': { overflow: 'auto' },
});

export function CodePane({
  text,
  language,
  at,
  onChange,
}: {
  text: string;
  language: 'json' | 'yaml';
  /** Where the selected state starts in `text`: the editor opens scrolled to it. */
  at: number | undefined;
  onChange: (text: string) => void;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView>(undefined);
  const changed = useEffectEvent((value: string) => onChange(value));
  const initial = useEffectEvent(() => ({ text, at, language }));

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const root = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
    const parent = document.createElement('div');
    parent.className = 'code-pane-root';
    parent.style.height = '100%';
    root.replaceChildren(parent);
    const start = initial();
    const editor = new EditorView({
      doc: start.text,
      parent,
      root,
      extensions: [
        basicSetup,
        start.language === 'yaml' ? yaml() : json(),
        FILL,
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({
          'aria-label': `Definition (ASL ${start.language === 'yaml' ? 'YAML' : 'JSON'})`,
        }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) changed(update.state.doc.toString());
        }),
      ],
    });
    if (start.at !== undefined) {
      // The line's start, so the editor never scrolls sideways to show the key.
      const line = editor.state.doc.lineAt(start.at).from;
      editor.dispatch({
        selection: { anchor: line },
        effects: EditorView.scrollIntoView(line, { y: 'start' }),
      });
    }
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = undefined;
    };
  }, []);

  // A change made elsewhere (the canvas, the inspector, undo) replaces the editor's text.
  useEffect(() => {
    const editor = view.current;
    if (!editor || editor.state.doc.toString() === text) return;
    editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: text } });
  }, [text]);

  return <div className="code-pane" ref={host} data-testid={`code-pane-${language}`} />;
}
