// A reduce's result lanes: their identities (what an empty reduce gives) and
// how block partials combine into them, in block order, so the result is the
// same bits whoever computed the blocks (locally or across a cluster).

import type { ReduceSpec } from './catalog.js'
import { COMBINE_OPS, elementArray, type ElementArray } from './vocabulary.js'

/** Lanes of a reduce's partial: 1 for a returned number, else the slot's width. */
export const laneCount = (reduce: ReduceSpec): number => (reduce.partial === 'return' ? 1 : reduce.partial.width)

/** The typed array a reduce's partials are read through: Float64Array for returned numbers (a member stores them as f64), else the slot's type. */
export const partialArray = (reduce: ReduceSpec): ElementArray => elementArray(reduce.partial === 'return' ? 'f64' : reduce.partial.type)

/** Each lane set to its combine op's identity (0, +Infinity for min, -Infinity for max). */
export function identityLanes(reduce: ReduceSpec): Float64Array {
  return Float64Array.from({ length: laneCount(reduce) }, (_, i) => COMBINE_OPS[reduce.ops[i % reduce.ops.length]!].identity)
}

/**
 * Combines `blocks` partials of `width` lanes each (lane-major per block, in
 * block order) into `lanes`, with each lane's op; returns `lanes`.
 */
export function combineBlocks(reduce: ReduceSpec, partials: ArrayLike<number>, blocks: number, lanes: Float64Array): Float64Array {
  const width = laneCount(reduce)
  const ops = Array.from({ length: width }, (_, i): (a: number, b: number) => number => COMBINE_OPS[reduce.ops[i % reduce.ops.length]!].combine)
  for (let block = 0, k = 0; block < blocks; block++) {
    for (let lane = 0; lane < width; lane++, k++) lanes[lane] = ops[lane]!(lanes[lane]!, partials[k]!)
  }
  return lanes
}
