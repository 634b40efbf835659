/** The zoom and fit buttons over a drawn graph (the viewer's and Workflow Studio's canvas). */
export function ZoomTools({ zoom, fit }: { zoom: (factor: number) => void; fit: () => void }) {
  return (
    <div className="graph-tools">
      <button type="button" title="Zoom in" aria-label="Zoom in" onClick={() => zoom(1.25)}>
        +
      </button>
      <button type="button" title="Zoom out" aria-label="Zoom out" onClick={() => zoom(0.8)}>
        −
      </button>
      <button type="button" title="Fit to view" onClick={fit}>
        Fit
      </button>
    </div>
  );
}
