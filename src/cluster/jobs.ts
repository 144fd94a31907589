// What travels through the queue: one job is a slice of a map (items, inline
// or by reference), a block of a reduce, one call, or one phased kernel on a
// node's team; its result comes back as the job's return value.

/** Items or kernel data above this size travel by reference (a Redis key), not inside the job. */
export const INLINE_LIMIT_BYTES = 64 * 1024
/** Call data and results in Redis expire after a day (s): the backstop for a producer that died mid-call. */
export const DATA_TTL_SECONDS = 24 * 3600

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

/**
 * A phased kernel's argument: a number; the call's array `array` (an index
 * into the job's `arrays`: one array passed twice travels once); or a zeroed
 * view of `perMember` × the node's team size `scratch` elements, made there.
 */
export type ParallelArg = number | { readonly array: number } | { readonly scratch: ElementName; readonly perMember: number }

export interface ParallelJob {
  readonly kind: 'parallel'
  readonly kernel: string
  /** In the kernel's parameter order. */
  readonly args: readonly ParallelArg[]
  /** The call's arrays, whole. */
  readonly arrays: readonly Payload[]
  /** Where the node writes array i's new contents when they are too large to return inline: `${results}.${i}`. */
  readonly results: string
  /** The call's timeoutMs, which bounds the run on the node too (a member that never reaches a barrier holds the team). */
  readonly timeoutMs?: number
}

export type ClusterJob = MapJob | ReduceJob | CallJob | ParallelJob

/**
 * A job's return value. A reduce job's partial travels as its lanes, which the
 * producer combines with the kernel's declared ops (sum, min, max per lane).
 */
export type JobResult =
  | { readonly results: readonly number[] }
  | { readonly lanes: readonly number[] }
  | { readonly value: number }
  /** A parallel job's arrays after the run, in `arrays` order: null where the kernel left one as it came. */
  | { readonly arrays: readonly (Payload | null)[] }

/** Job names in the queue, one per kind, so a queue listing reads well. */
export const JOB_NAME = { map: 'sabre.map', reduce: 'sabre.reduce', call: 'sabre.call', parallel: 'sabre.parallel' } as const
