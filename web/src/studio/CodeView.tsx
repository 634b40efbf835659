// The Code tab: the definition as ASL JSON or as YAML, each editable. The JSON text is the
// studio's own document (typed text that does not parse yet stays); the YAML text is kept here
// while it stands for the current definition, and written afresh when the definition changes
// elsewhere (the canvas, the inspector, undo).
import { useMemo, useState } from 'react';
import { CodePane } from './CodePane.tsx';
import { printDefinition } from './history.ts';
import type { JsonObject } from './json-edit.ts';
import { fromYaml, toYaml } from './yaml-text.ts';

/** Where the state `name` starts in the JSON or YAML text (its key), if it is there. */
function stateOffset(text: string, name: string | undefined, language: 'json' | 'yaml'): number | undefined {
  if (name === undefined) return undefined;
  if (language === 'json') {
    const at = text.indexOf(`${JSON.stringify(name)}: {`);
    return at < 0 ? undefined : at;
  }
  const key = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^ +("?)${key}\\1:$`, 'm').exec(text)?.index;
}

export interface CodeViewProps {
  readonly text: string;
  readonly definition: JsonObject;
  readonly selected: string | undefined;
  /** JSON typed in the editor. */
  readonly onJson: (text: string) => void;
  /** A definition typed as YAML. */
  readonly onDefinition: (definition: JsonObject) => void;
}

export function CodeView({ text, definition, selected, onJson, onDefinition }: CodeViewProps) {
  const [language, setLanguage] = useState<'json' | 'yaml'>('json');
  const printed = useMemo(() => printDefinition(definition), [definition]);
  const fresh = useMemo(() => toYaml(definition), [definition]);
  const [draft, setDraft] = useState<{ text: string; basis: string; problem?: string }>();
  const current = draft?.basis === printed ? draft : undefined;
  const yaml = current?.text ?? fresh;
  const shown = language === 'json' ? text : yaml;

  const onYaml = (value: string): void => {
    const parsed = fromYaml(value);
    if ('problem' in parsed) return setDraft({ text: value, basis: printed, problem: parsed.problem });
    setDraft({ text: value, basis: printDefinition(parsed.definition) });
    onDefinition(parsed.definition);
  };

  return (
    <div className="code-view">
      <div className="code-formats" role="radiogroup" aria-label="Code format">
        {(['json', 'yaml'] as const).map((format) => (
          <button
            key={format}
            type="button"
            role="radio"
            aria-checked={language === format}
            className={`btn btn-small${language === format ? ' active' : ''}`}
            onClick={() => setLanguage(format)}
          >
            {format.toUpperCase()}
          </button>
        ))}
      </div>
      <CodePane
        key={language}
        text={shown}
        language={language}
        at={stateOffset(shown, selected, language)}
        onChange={language === 'json' ? onJson : onYaml}
      />
      {language === 'yaml' && current?.problem && (
        <p className="field-error code-problem" data-testid="yaml-problem">
          Not a definition yet: {current.problem}
        </p>
      )}
    </div>
  );
}
