// Every state type and the Task templates. Drag one onto the canvas, or click it (or press
// Enter) to add it at the picked "+", else after the selected state.
import { TEMPLATE_MIME } from './StudioCanvas.tsx';
import type { Template } from './templates.ts';
import { TEMPLATES } from './templates.ts';

function Item({ template, onAdd }: { template: Template; onAdd: (id: string) => void }) {
  return (
    <li>
      <button
        type="button"
        className={`palette-item palette-${template.group.toLowerCase()}`}
        draggable
        data-template={template.id}
        title={template.hint}
        onDragStart={(event) => {
          event.dataTransfer.setData(TEMPLATE_MIME, template.id);
          event.dataTransfer.effectAllowed = 'copy';
        }}
        onClick={() => onAdd(template.id)}
      >
        <span className="palette-label">{template.label}</span>
        <span className="palette-hint">{template.hint}</span>
      </button>
    </li>
  );
}

export function Palette({ onAdd, where }: { onAdd: (id: string) => void; where: string }) {
  return (
    <nav className="palette" aria-label="States palette">
      <p className="palette-where" data-testid="add-where">
        Click adds {where}; or drag onto a state or a +
      </p>
      {(['Flow', 'Task'] as const).map((group) => (
        <div key={group}>
          <h3>{group === 'Flow' ? 'Flow' : 'Tasks'}</h3>
          <ul>
            {TEMPLATES.filter((t) => t.group === group).map((template) => (
              <Item key={template.id} template={template} onAdd={onAdd} />
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}
