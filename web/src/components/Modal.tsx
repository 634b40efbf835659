// The frame every dialog of the console shares: a backdrop, an ARIA modal dialog that takes the
// focus, and closing on a click outside it or on Escape (when it can be closed at all: signing
// in cannot be dismissed).
import type { FormEvent, ReactNode } from 'react';
import { useEffect, useRef } from 'react';

export function Modal({
  label,
  onClose,
  onSubmit,
  wide = false,
  testId,
  children,
}: {
  /** The dialog's accessible name. */
  label: string;
  /** Called on a click on the backdrop or on Escape; without it the dialog stays until it is done. */
  onClose?: (() => void) | undefined;
  /** Makes the dialog a form (Enter in a field submits it). */
  onSubmit?: ((event: FormEvent) => void) | undefined;
  wide?: boolean;
  testId?: string | undefined;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLFormElement & HTMLDivElement>(null);
  useEffect(() => {
    // Keys reach the dialog (Escape) and not the page behind it, unless a field took the focus.
    const node = dialog.current;
    if (node && !node.contains(document.activeElement)) node.focus();
  }, []);
  const props = {
    ref: dialog,
    className: wide ? 'modal modal-wide' : 'modal',
    role: 'dialog',
    'aria-modal': true,
    'aria-label': label,
    'data-testid': testId,
    tabIndex: -1,
    onClick: (event: { stopPropagation(): void }) => event.stopPropagation(),
    onKeyDown: (event: { key: string; stopPropagation(): void }) => {
      if (event.key !== 'Escape' || !onClose) return;
      // Escape closes the dialog only, not also what the page behind does with it (the Studio's selection).
      event.stopPropagation();
      onClose();
    },
  };
  return (
    <div className="modal-backdrop" role="presentation" onClick={onClose}>
      {onSubmit ? (
        <form {...props} onSubmit={onSubmit}>
          {children}
        </form>
      ) : (
        <div {...props}>{children}</div>
      )}
    </div>
  );
}

/** A dialog's buttons: Cancel, and the one that does what the dialog is for. */
export function ModalActions({
  onCancel,
  onAction,
  disabled,
  children,
}: {
  onCancel: () => void;
  onAction: () => void;
  disabled: boolean;
  /** The action button's label. */
  children: ReactNode;
}) {
  return (
    <div className="modal-actions">
      <button type="button" className="btn" onClick={onCancel}>
        Cancel
      </button>
      <button type="button" className="btn btn-primary" disabled={disabled} onClick={onAction}>
        {children}
      </button>
    </div>
  );
}
