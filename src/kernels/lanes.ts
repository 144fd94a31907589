// A reduce's result lanes before any partial is combined: what an empty
// reduce gives, locally or across a cluster.

import type { CombineOp, ReduceSpec } from './catalog.js'

const identities: Record<CombineOp, number> = { sum: 0, min: Infinity, max: -Infinity }

/** Lanes of a reduce's partial: 1 for a returned number, else the slot's width. */
export const laneCount = (reduce: ReduceSpec): number => (reduce.partial === 'return' ? 1 : reduce.partial.width)

/** Each lane set to its combine op's identity (0, +Infinity for min, -Infinity for max). */
export function identityLanes(reduce: ReduceSpec): Float64Array {
  return Float64Array.from({ length: laneCount(reduce) }, (_, i) => identities[reduce.ops[i % reduce.ops.length]!])
}
