// A counter run's progress log replayed: what its first records show, for
// the demo's race animation (web/race-animation.ts) and its tests.

import type { ProgressRecord } from './scenarios.js'

/** What the first `count` records of a run show: each thread's latest record, the counter, and how often the threads took turns. */
export interface ReplayState {
  /** Per thread: increments done and the last value read and written (-1: none yet, or a private block). */
  readonly threads: readonly { done: number; read: number; wrote: number }[]
  /** The counter's value as last written by a record so far (0 before any). */
  readonly counter: number
  /** Increments the records so far account for. */
  readonly done: number
  /** Records whose thread differs from the record before: how often the threads' blocks interleaved. */
  readonly switches: number
  /**
   * Writes that set the counter below a value another thread had already
   * written: each overwrote increments that are lost for good.
   */
  readonly overwrites: number
}

/** The state after the first `count` of `records` (in append order), for `threads` threads. */
export function replay(records: readonly ProgressRecord[], threads: number, count = records.length): ReplayState {
  const state = Array.from({ length: threads }, () => ({ done: 0, read: -1, wrote: -1 }))
  let counter = 0, highest = 0, switches = 0, overwrites = 0
  for (let i = 0; i < Math.min(count, records.length); i++) {
    const r = records[i]!
    const lane = state[r.thread]
    if (!lane) continue
    if (i > 0 && records[i - 1]!.thread !== r.thread) switches++
    lane.done = r.done
    if (r.wrote >= 0) {
      lane.read = r.read
      lane.wrote = r.wrote
      if (r.wrote < highest) overwrites++
      counter = r.wrote
      highest = Math.max(highest, r.wrote)
    }
  }
  return { threads: state, counter, done: state.reduce((sum, t) => sum + t.done, 0), switches, overwrites }
}
