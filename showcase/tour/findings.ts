// The tour's one-line findings, written from what was measured: when a
// measurement cannot show what its step is about (a busy machine), the
// sentence says so instead of contradicting the step's text.

/** Below this speedup on 2 or more workers, the workers did not really run side by side. */
export const BUSY_SPEEDUP = 1.2

/** `threads` workers against 1, from the two times (ms). */
export function speedupFinding(threads: number, oneMs: number, manyMs: number): string {
  const speedup = oneMs / manyMs
  if (threads < 2) return `1 worker: this machine has one core, so there is no parallel speedup to show (${manyMs.toFixed(1)} ms).`
  if (speedup < BUSY_SPEEDUP) {
    return `${threads} workers took ${manyMs.toFixed(1)} ms against ${oneMs.toFixed(1)} ms for 1 (${speedup.toFixed(2)}×): ` +
      `the machine was busy, so the workers did not get ${threads} cores to themselves. On an idle machine expect close to ${threads}×.`
  }
  return `${threads} workers: ${speedup.toFixed(2)}× faster than 1 worker.`
}

/** Static against dynamic scheduling on an imbalanced image, from the two times (ms). */
export function scheduleFinding(staticMs: number, dynamicMs: number): string {
  const share = (dynamicMs / staticMs) * 100
  if (share < 95) return `dynamic took ${share.toFixed(0)}% of static's time on this imbalanced image.`
  return `dynamic took ${share.toFixed(0)}% of static's time this run (${dynamicMs.toFixed(1)} vs ${staticMs.toFixed(1)} ms): ` +
    'the machine was busy, so the workers ran by turns and the imbalance did not show. On an idle machine dynamic is the faster one.'
}

/** Eight tasks of `unitMs` each: waits on one thread, busy loops on one thread, busy loops on `threads` workers. */
export function cpuVsIoFinding(unitMs: number, ioMs: number, cpuOneMs: number, cpuWorkersMs: number, threads: number): string {
  const measured = `I/O: 8 waits took ${(ioMs / unitMs).toFixed(1)}× one wait. CPU on one thread: ${(cpuOneMs / unitMs).toFixed(1)}× one task. ` +
    `CPU on ${threads} workers: ${(cpuWorkersMs / unitMs).toFixed(1)}× one task.`
  const speedup = cpuOneMs / cpuWorkersMs
  if (threads >= 2 && speedup < BUSY_SPEEDUP) {
    return `${measured} The workers were no faster than one thread (${speedup.toFixed(2)}×): the machine was busy.`
  }
  return measured
}

/** One small region on 1 thread, async on `threads` workers and sync with the caller in the team (µs each). */
export function regionsFinding(threads: number, serialUs: number, asyncUs: number, syncUs: number): string {
  const measured = `A ${serialUs.toFixed(0)} µs region: async ${(serialUs / asyncUs).toFixed(2)}×, sync ${(serialUs / syncUs).toFixed(2)}× on ${threads} threads.`
  if (threads < 2) return `${measured} One core: no parallel speedup to show.`
  if (serialUs / syncUs < BUSY_SPEEDUP) return `${measured} Even the sync region did not get ${threads} cores: the machine was busy.`
  return `${measured} The waiting main thread's wake-up is what async pays; in sync the caller works instead of waiting.`
}
