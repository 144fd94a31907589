// Kernel signatures at the type level: from a table of kernels (the built-in
// catalog, a description written inline, or the types `sabre compile` writes)
// to the names each operation accepts, each kernel's argument tuple and what
// a reduce resolves with. Types only: nothing here exists at run time.

import type { kernels as builtinCatalog } from './catalog.js'
import type { TypedArray } from '../memory/shared-memory.js'
import type { KernelKind, ScalarType, ViewOf, ViewType } from './vocabulary.js'

/**
 * The shape every kernel table shares: the built-in catalog, a user's
 * description (`{ scale: { params: ['f64*', 'f64'] } }`) and the types
 * `sabre compile` generates. A `type`, not an interface, so that object
 * types without an index signature (every generated one) are assignable.
 */
export type KernelTable = { readonly [name: string]: KernelShape }

/** What the types read from one kernel's entry. */
export type KernelShape = {
  readonly kind?: KernelKind
  /** Parameter types, as names ('f64*') or as objects with a `type` (the catalog's Param). */
  readonly params?: readonly (string | { readonly type: string })[]
  /** 'sum' | 'min' | 'max' for a described kernel, a ReduceSpec in the catalog. */
  readonly reduce?: unknown
}

/** The kernels of sabre.wasm: what `Engine.start()` without a module runs. */
export type BuiltinKernels = typeof builtinCatalog

/** Any argument, where a table's names are not known (a description typed as a Record). */
type AnyArg = number | TypedArray

/** A table typed as Record<string, …>: every name allowed, arguments checked at run time only. */
type IsLoose<T> = string extends keyof T ? true : false

type TypeOf<P> = P extends { readonly type: infer Name } ? Name : P

/** The JavaScript value one parameter takes: a view for a pointer, a number for a scalar. */
export type ArgOf<P> =
  TypeOf<P> extends infer Name
    ? Name extends ViewType ? ViewOf<Name>
      : Name extends ScalarType ? number
        : AnyArg
    : never

type Names<T> = keyof T & string

/** Item kernels of T: f(...item) → number, for map, Pool and Executor. */
export type ItemName<T extends KernelTable> = IsLoose<T> extends true ? string
  : { [K in Names<T>]: T[K] extends { readonly kind: 'item' } ? K : never }[Names<T>]

/** Reductions of T: range kernels with a `reduce`, for engine.reduce. */
export type ReduceName<T extends KernelTable> = IsLoose<T> extends true ? string
  : { [K in Names<T>]: T[K] extends { readonly kind: 'item' | 'phased' } ? never : T[K] extends { readonly reduce: {} } ? K : never }[Names<T>]

/** Phased kernels of T: once on every member, for engine.parallel. */
export type PhasedName<T extends KernelTable> = IsLoose<T> extends true ? string
  : { [K in Names<T>]: T[K] extends { readonly kind: 'phased' } ? K : never }[Names<T>]

/** Range kernels of T without partial results, for engine.parallelFor. */
export type ForName<T extends KernelTable> = IsLoose<T> extends true ? string
  : Exclude<Names<T>, ItemName<T> | ReduceName<T> | PhasedName<T>>

/** Every kernel of T but the phased ones (they need their team), for Executor.submit, Pool.apply and Process. */
export type AnyName<T extends KernelTable> = IsLoose<T> extends true ? string : Exclude<Names<T>, PhasedName<T>>

/** The argument tuple of kernel K: `['f64*', 'f64']` → `[Float64Array, number]`. */
export type ArgsOf<T extends KernelTable, K extends string> = IsLoose<T> extends true ? readonly AnyArg[]
  : T[K] extends { readonly params: infer P extends readonly unknown[] } ? { readonly [I in keyof P]: ArgOf<P[I]> }
    : readonly []

/** What reduce(K, …) resolves with: the catalog's `finish` result, a number for a described kernel. */
export type ReduceResultOf<T extends KernelTable, K extends string> =
  IsLoose<T> extends true ? number
    : T[K] extends { readonly reduce: { readonly finish: (...args: never[]) => infer R } } ? R : number

/**
 * The parameters after `n` of parallelFor and reduce (after the kernel of parallel): the argument tuple,
 * optional only when the kernel takes no arguments, then the options.
 */
export type RegionParams<A extends readonly unknown[], Options> =
  [] extends A ? [args?: A, options?: Options] : [args: A, options?: Options]

/** The arguments of a call run whole on one worker: an item kernel's, or a range kernel's then begin, end. */
export type CallArgs<T extends KernelTable, K extends string> = IsLoose<T> extends true ? readonly AnyArg[]
  : T[K] extends { readonly kind: 'item' } ? ArgsOf<T, K>
    : readonly [...ArgsOf<T, K>, begin: number, end: number]

/** Executor.submit's arguments after the kernel: its call arguments, optionally followed by the options. */
export type SubmitParams<T extends KernelTable, K extends string, Options> =
  [...CallArgs<T, K>] | [...CallArgs<T, K>, Options]
