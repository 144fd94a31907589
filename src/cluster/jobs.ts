// What travels through the queue: one job is a slice of a map (items, inline
// or by reference), a block of a reduce, or one call; its result comes back
// as the job's return value.

/** Items or kernel data above this size travel by reference (a Redis key), not inside the job. */
export const INLINE_LIMIT_BYTES = 64 * 1024

import type { ElementName } from '../kernels/vocabulary.js'

/** A typed array (items, or a kernel's view argument): inline as numbers, or by reference to bytes in Redis. */
export type Payload =
  | { readonly inline: readonly number[] }
  | { readonly ref: string; readonly type: ElementName; readonly offset: number; readonly length: number }

export interface MapJob {
  readonly kind: 'map'
  readonly kernel: string
  /** Index of the job's first item in the whole map. */
  readonly offset: number
  /** Items flattened: `arity` numbers per item. */
  readonly items: Payload
  readonly arity: number
  readonly tuples: boolean
}

export interface ReduceJob {
  readonly kind: 'reduce'
  readonly kernel: string
  /** The job's index range of the whole reduce, [begin, end). */
  readonly begin: number
  readonly end: number
  /** Scalar arguments, in the kernel's order (kernels without array arguments). */
  readonly scalars: readonly number[]
  /** Array arguments, each the job's slice [begin, end) of the whole array. */
  readonly arrays: readonly Payload[]
}

export interface CallJob {
  readonly kind: 'call'
  readonly kernel: string
  readonly args: readonly number[]
}

export type ClusterJob = MapJob | ReduceJob | CallJob

/**
 * A job's return value. A reduce job's partial travels as its lanes, which the
 * producer combines with the kernel's declared ops (sum, min, max per lane).
 */
export type JobResult =
  | { readonly results: readonly number[] }
  | { readonly lanes: readonly number[] }
  | { readonly value: number }

/** Job names in the queue, one per kind, so a queue listing reads well. */
export const JOB_NAME = { map: 'sabre.map', reduce: 'sabre.reduce', call: 'sabre.call' } as const
