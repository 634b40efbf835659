// The canvas's pointer gestures: drag a state to move it, drag from a handle to connect, and
// shift+drag a rubber band. Pointer events (not HTML drag and drop, which SVG cannot start) with
// the pointer captured by the frame; what is under the pointer is found with elementFromPoint.
import type { MouseEvent, PointerEvent, RefObject } from 'react';
import { useEffect, useRef, useState } from 'react';
import type { View } from '../graph/use-view.ts';
import type { Slot } from './transitions.ts';

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** A gesture under way; x, y is the pointer in the drawing's coordinates. */
export type Gesture =
  | { readonly kind: 'move'; readonly id: string; readonly at: Point; readonly over: string | undefined }
  | {
      readonly kind: 'connect';
      readonly id: string;
      readonly slot: Slot;
      readonly from: Point;
      readonly at: Point;
      readonly over: string | undefined;
    }
  | { readonly kind: 'band'; readonly from: Point; readonly at: Point; readonly additive: boolean };

export interface GestureEnds {
  /** Node `id` dropped on the drop target `key` (data-drop). */
  readonly onMove: (id: string, key: string) => void;
  /** The handle `slot` of node `id` released on the state named `target`. */
  readonly onConnect: (id: string, slot: Slot, target: string) => void;
  /** The rubber band's rectangle, in the drawing's coordinates. */
  readonly onBand: (box: { x: number; y: number; width: number; height: number }, additive: boolean) => void;
}

/** A press becomes a drag once the pointer has gone this far (px); a shorter one is a click. */
const THRESHOLD = 5;

function dropKeyAt(x: number, y: number): string | undefined {
  return document.elementFromPoint(x, y)?.closest('[data-drop]')?.getAttribute('data-drop') ?? undefined;
}

function stateAt(x: number, y: number): string | undefined {
  const node = document.elementFromPoint(x, y)?.closest('[data-node="state"], [data-node="group"]');
  return node?.getAttribute('data-state-name') ?? undefined;
}

export function useCanvasGestures(frame: RefObject<HTMLDivElement | null>, view: View, ends: GestureEnds) {
  const [gesture, setGesture] = useState<Gesture>();
  const press = useRef<{ id: string; x: number; y: number; pointer: number } | undefined>(undefined);
  const dragged = useRef(false);
  const active = gesture !== undefined;

  // Escape drops a gesture under way: nothing moves, connects or gets selected.
  useEffect(() => {
    if (!active) return;
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape') return;
      press.current = undefined;
      dragged.current = true;
      setGesture(undefined);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active]);

  const toDrawing = (event: { clientX: number; clientY: number }): Point => {
    const box = frame.current?.getBoundingClientRect();
    return {
      x: (event.clientX - (box?.left ?? 0) - view.x) / view.k,
      y: (event.clientY - (box?.top ?? 0) - view.y) / view.k,
    };
  };
  const capture = (event: PointerEvent): void => {
    dragged.current = false;
    frame.current?.setPointerCapture(event.pointerId);
  };

  return {
    gesture,
    /**
     * A state's onPointerDown: a drag may follow. The frame captures the pointer only once it is
     * a drag, so that a plain click still reaches the state.
     */
    pressNode: (id: string, event: PointerEvent): void => {
      if (event.button !== 0 || event.shiftKey || event.ctrlKey || event.metaKey) return;
      event.stopPropagation();
      dragged.current = false;
      press.current = { id, x: event.clientX, y: event.clientY, pointer: event.pointerId };
    },
    /** A connect handle's onPointerDown. */
    pressHandle: (id: string, slot: Slot, from: Point, event: PointerEvent): void => {
      if (event.button !== 0) return;
      event.stopPropagation();
      capture(event);
      setGesture({ kind: 'connect', id, slot, from, at: toDrawing(event), over: undefined });
    },
    /** The frame's onPointerDown on empty canvas: shift starts a rubber band (else it pans). */
    pressCanvas: (event: PointerEvent): boolean => {
      dragged.current = false;
      if (!event.shiftKey || event.button !== 0) return false;
      capture(event);
      const at = toDrawing(event);
      setGesture({ kind: 'band', from: at, at, additive: event.ctrlKey || event.metaKey });
      return true;
    },
    /** The frame's onPointerMove. */
    drag: (event: PointerEvent): void => {
      const pressed = press.current;
      if (pressed && !gesture) {
        if (Math.hypot(event.clientX - pressed.x, event.clientY - pressed.y) < THRESHOLD) return;
        frame.current?.setPointerCapture(pressed.pointer);
        setGesture({ kind: 'move', id: pressed.id, at: toDrawing(event), over: undefined });
        return;
      }
      if (!gesture) return;
      const at = toDrawing(event);
      if (gesture.kind === 'move')
        setGesture({ ...gesture, at, over: dropKeyAt(event.clientX, event.clientY) });
      else if (gesture.kind === 'connect')
        setGesture({ ...gesture, at, over: stateAt(event.clientX, event.clientY) });
      else setGesture({ ...gesture, at });
    },
    /** The frame's onPointerUp: the gesture's end. */
    release: (event: PointerEvent): void => {
      press.current = undefined;
      if (!gesture) return;
      setGesture(undefined);
      dragged.current = true;
      if (gesture.kind === 'move') {
        const key = dropKeyAt(event.clientX, event.clientY);
        if (key) ends.onMove(gesture.id, key);
      } else if (gesture.kind === 'connect') {
        const target = stateAt(event.clientX, event.clientY);
        if (target) ends.onConnect(gesture.id, gesture.slot, target);
      } else {
        const { from, at } = gesture;
        ends.onBand(
          {
            x: Math.min(from.x, at.x),
            y: Math.min(from.y, at.y),
            width: Math.abs(at.x - from.x),
            height: Math.abs(at.y - from.y),
          },
          gesture.additive,
        );
      }
    },
    cancel: (): void => {
      press.current = undefined;
      setGesture(undefined);
    },
    /** The frame's onClickCapture: the click that ends a drag selects nothing. */
    swallowClick: (event: MouseEvent): void => {
      if (!dragged.current) return;
      dragged.current = false;
      event.stopPropagation();
    },
  };
}
