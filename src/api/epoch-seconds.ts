/** The JSON protocol sends timestamps as epoch seconds with fractional milliseconds; the engine keeps ms. */
export function epochSeconds(ms: number): number {
  return ms / 1000;
}
