import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  /** Bars (counts per bucket) rather than a line. */
  readonly bars?: boolean;
  /** Values on the right-hand axis (a second unit). */
  readonly right?: boolean;
}

const HEIGHT = 200;

/**
 * One uPlot chart over time (x in epoch seconds). It is made again when its data change: the
 * tab refreshes seldom, and uPlot draws a few hundred points in well under a millisecond.
 */
export function UPlotChart({
  title,
  x,
  ys,
  series,
  units,
  step,
  testId,
}: {
  title: string;
  x: readonly number[];
  ys: readonly (readonly number[])[];
  series: readonly ChartSeries[];
  /** Left (and right) axis labels. */
  units: readonly [string, string?];
  /** Seconds between two x values: the time axis shows half a step either side of the data. */
  step: number;
  testId: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const bars = uPlot.paths.bars?.({ size: [0.6, 40] });
    const plot = new uPlot(
      {
        title,
        width: Math.max(280, el.clientWidth),
        height: HEIGHT,
        // From the data, half a step either side: uPlot would stretch a single point over years.
        scales: {
          x: {
            time: true,
            range: (_u, min, max) => [(x[0] ?? min) - step / 2, (x.at(-1) ?? max) + step / 2],
          },
          y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
          r: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
        },
        series: [
          {},
          ...series.map((s) => ({
            label: s.label,
            stroke: s.color,
            fill: s.bars ? `${s.color}99` : undefined,
            width: s.bars ? 1 : 2,
            scale: s.right ? 'r' : 'y',
            spanGaps: false,
            ...(s.bars && bars
              ? { paths: bars, points: { show: false } }
              : { points: { show: true, size: 6 } }),
          })),
        ],
        axes: [
          {},
          { label: units[0], size: 60 },
          ...(units[1]
            ? [
                {
                  label: units[1],
                  scale: 'r',
                  side: 1,
                  size: 80,
                  grid: { show: false },
                  // Prices are fractions of a cent: two significant digits, not two decimals.
                  values: (_u: uPlot, ticks: number[]) =>
                    ticks.map((t) => (t === 0 ? '0' : t.toPrecision(2))),
                },
              ]
            : []),
        ],
      },
      [x as number[], ...(ys as number[][])],
      el,
    );
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(280, el.clientWidth), height: HEIGHT }),
    );
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [title, x, ys, series, units, step]);
  return <div className="chart" ref={box} data-testid={testId} />;
}
