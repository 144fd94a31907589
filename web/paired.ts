// How the demo compares 1 worker with N, so that the figure can be believed:
// both sides warmed first, then timed in alternating pairs, so that load from
// elsewhere falls on both, and the median of the pairs' ratios reported with
// their spread. The explorer and the image lab both measure this way.

import { median } from '../src/format/measure.js'

/** Timed pairs of a comparison. */
export const MEASURE_ROUNDS = 7
/**
 * Untimed runs per side before timing: at least WARM_RUNS and WARM_MS of
 * compute, so that an engine started for the comparison runs its optimized
 * code, not the first tier (V8's Liftoff, Firefox's baseline) the first
 * calls get, and its workers are awake.
 */
const WARM_RUNS = 3
const WARM_MS = 300

/** 1 worker against N, timed as above. */
export interface Paired {
  /** Median of each side's timed runs, ms. */
  readonly oneMs: number
  readonly manyMs: number
  /** Median of the pairs' ratios (1-worker ms / many-worker ms). */
  readonly speedup: number
  /** The lowest and highest pair's ratio. */
  readonly spread: readonly [number, number]
  readonly rounds: number
}

/** Warms `one` and `many` (each resolves with the ms of one run), then times MEASURE_ROUNDS pairs of them. */
export async function timePaired(one: () => Promise<number>, many: () => Promise<number>): Promise<Paired> {
  for (const side of [one, many]) {
    for (let runs = 0, ms = 0; runs < WARM_RUNS || ms < WARM_MS; runs++) ms += await side()
  }
  const oneTimes: number[] = []
  const manyTimes: number[] = []
  const ratios: number[] = []
  for (let round = 0; round < MEASURE_ROUNDS; round++) {
    const oneMs = await one()
    const manyMs = await many()
    oneTimes.push(oneMs)
    manyTimes.push(manyMs)
    ratios.push(oneMs / manyMs)
  }
  return {
    oneMs: median(oneTimes), manyMs: median(manyTimes), speedup: median(ratios),
    spread: [Math.min(...ratios), Math.max(...ratios)], rounds: MEASURE_ROUNDS,
  }
}

/** The speedup as the demo's tables show it: `1.95× (compute only, the page's spinner paused, …, 1.90–1.98×)`. */
export function describePaired({ speedup, spread: [low, high], rounds }: Paired): string {
  return `${speedup.toFixed(2)}× (compute only, the page's spinner paused, both sides warmed; median of ${rounds} alternating pairs, ${low.toFixed(2)}–${high.toFixed(2)}×)`
}
