// The tour's plain-JS task, run on the main thread and on a JsPool's workers alike.

/** Busy-waits `ms` milliseconds: a CPU-bound task of known length. */
export function spin(ms: number): number {
  const end = performance.now() + ms
  while (performance.now() < end);
  return ms
}
