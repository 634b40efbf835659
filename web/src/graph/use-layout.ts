import { useEffect, useState } from 'react';
import type { AslGraph } from './asl-graph.ts';
import type { Layout } from './layout.ts';
import { layoutGraph } from './layout.ts';

/** The graph laid out by ELK (asynchronous); a layout that comes back after a newer graph is dropped. */
export function useLayout(graph: AslGraph): { layout: Layout | undefined; error: string | undefined } {
  const [layout, setLayout] = useState<Layout>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let live = true;
    layoutGraph(graph).then(
      (result) => {
        if (live) setLayout(result);
      },
      (caught: unknown) => {
        if (live) setError(String(caught));
      },
    );
    return () => {
      live = false;
    };
  }, [graph]);
  return { layout, error };
}
