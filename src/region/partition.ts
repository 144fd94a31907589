// How a region's n indices become units for a schedule: the defaults that make
// parallelFor balanced and reduce deterministic.

import { Schedule } from './schedule.js'

/** A reduce never uses more blocks than this by default (it bounds the partials buffer). */
export const MAX_DEFAULT_BLOCKS = 256
/** Smallest default block in indices: smaller blocks cost more in calls than they gain in balance. */
export const MIN_DEFAULT_BLOCK = 1024
/** Dynamic parallelFor without a chunk gives each worker about this many chunks. */
export const DYNAMIC_CHUNKS_PER_WORKER = 8

export interface Partition {
  readonly units: number
  /** Indices per unit. */
  readonly unitSize: number
  /** Units per chunk (0: static, one contiguous block per worker). */
  readonly chunk: number
}

/** parallelFor: units are indices; `chunk` (indices) is the user's, or a default per schedule. */
export function partitionFor(n: number, threads: number, schedule: Schedule, chunk?: number): Partition {
  if (chunk !== undefined) return { units: n, unitSize: 1, chunk }
  switch (schedule) {
    case Schedule.Static: return { units: n, unitSize: 1, chunk: 0 }
    case Schedule.Dynamic: return { units: n, unitSize: 1, chunk: Math.max(1, Math.ceil(n / (threads * DYNAMIC_CHUNKS_PER_WORKER))) }
    case Schedule.Guided: return { units: n, unitSize: 1, chunk: 1 }
  }
}

/**
 * reduce: units are blocks of `block` indices (the user's chunk, or a default
 * that depends on n only). Each block's partial result has its own slot and
 * slots combine in block order, so the result is the same bits for every
 * thread count and schedule. Schedules hand out blocks: static in contiguous
 * runs, dynamic one at a time, guided in shrinking runs.
 */
export function partitionReduce(n: number, schedule: Schedule, block?: number): Partition {
  const unitSize = block ?? Math.max(MIN_DEFAULT_BLOCK, Math.ceil(n / MAX_DEFAULT_BLOCKS))
  return { units: Math.ceil(n / unitSize), unitSize, chunk: schedule === Schedule.Static ? 0 : 1 }
}
