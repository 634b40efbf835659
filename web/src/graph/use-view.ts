import type { PointerEvent, RefObject } from 'react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Layout } from './layout.ts';

/** The pan (x, y) and zoom (k) of the drawing inside its frame. */
export interface View {
  readonly x: number;
  readonly y: number;
  readonly k: number;
}

/** Below this scale node names are too small to read. */
const MIN_READABLE = 0.45;

function clampZoom(k: number): number {
  return Math.min(4, Math.max(0.1, k));
}

/** `v` scaled by `factor` around the point (px, py) of the frame, which stays where it is. */
function zoomAround(v: View, factor: number, px: number, py: number): View {
  const k = clampZoom(v.k * factor);
  return { k, x: px - ((px - v.x) * k) / v.k, y: py - ((py - v.y) * k) / v.k };
}

export interface ViewControls {
  readonly view: View;
  readonly frame: RefObject<HTMLDivElement | null>;
  /** The frame's size in pixels (the minimap draws the visible part from it). */
  readonly size: { readonly width: number; readonly height: number };
  readonly fit: () => void;
  /** Pans so that the drawing's point (x, y) is in the middle of the frame. */
  readonly centerOn: (x: number, y: number) => void;
  readonly zoom: (factor: number) => void;
  /** Drag to pan: the frame's pointer handlers (a press on a node selects it instead). */
  readonly pan: {
    readonly onPointerDown: (event: PointerEvent<HTMLElement>) => void;
    readonly onPointerMove: (event: PointerEvent<HTMLElement>) => void;
    readonly onPointerUp: () => void;
  };
}

/** Pan (drag), zoom (wheel, buttons) and fit of a laid-out graph in the frame `frame` refers to. */
export function useView(layout: Layout | undefined): ViewControls {
  const [view, setView] = useState<View>({ x: 0, y: 0, k: 1 });
  const frame = useRef<HTMLDivElement>(null);
  const drag = useRef<{ x: number; y: number; view: View } | undefined>(undefined);
  const [size, setSize] = useState({ width: 0, height: 0 });

  useEffect(() => {
    const element = frame.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setSize({ width: entry.contentRect.width, height: entry.contentRect.height });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const fit = useCallback(() => {
    const box = frame.current?.getBoundingClientRect();
    if (!layout || !box || layout.width === 0) return;
    const k = Math.min(box.width / layout.width, box.height / layout.height, 1.2);
    setView({
      k,
      x: (box.width - layout.width * k) / 2,
      y: Math.max(0, (box.height - layout.height * k) / 2),
    });
  }, [layout]);

  // A big workflow (100+ states) would shrink to dots if fitted whole: it opens readable at the
  // Start node instead, and Fit shows all of it.
  useEffect(() => {
    const box = frame.current?.getBoundingClientRect();
    if (!layout || !box || layout.width === 0) return;
    const k = Math.min(box.width / layout.width, box.height / layout.height, 1.2);
    if (k >= MIN_READABLE) return fit();
    const readable = Math.min(0.8, box.width / layout.width);
    setView({ k: readable, x: Math.max(0, (box.width - layout.width * readable) / 2), y: 0 });
  }, [layout, fit]);

  useEffect(() => {
    const element = frame.current;
    if (!element) return;
    // A non-passive listener, so the page does not scroll while the graph zooms.
    const onWheel = (event: WheelEvent): void => {
      event.preventDefault();
      const box = element.getBoundingClientRect();
      const factor = Math.exp(-event.deltaY * 0.0015);
      setView((v) => zoomAround(v, factor, event.clientX - box.left, event.clientY - box.top));
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, []);

  const zoom = (factor: number): void => {
    const box = frame.current?.getBoundingClientRect();
    setView((v) => zoomAround(v, factor, (box?.width ?? 0) / 2, (box?.height ?? 0) / 2));
  };

  const centerOn = (x: number, y: number): void =>
    setView((v) => ({ ...v, x: size.width / 2 - x * v.k, y: size.height / 2 - y * v.k }));

  const pan = {
    onPointerDown: (event: PointerEvent<HTMLElement>) => {
      if ((event.target as Element).closest('[data-node], [data-insert]')) return;
      drag.current = { x: event.clientX, y: event.clientY, view };
      event.currentTarget.setPointerCapture(event.pointerId);
    },
    onPointerMove: (event: PointerEvent<HTMLElement>) => {
      const start = drag.current;
      if (!start) return;
      setView({
        ...start.view,
        x: start.view.x + event.clientX - start.x,
        y: start.view.y + event.clientY - start.y,
      });
    },
    onPointerUp: () => {
      drag.current = undefined;
    },
  };

  return { view, frame, size, fit, centerOn, zoom, pan };
}
