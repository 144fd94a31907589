// A phased call's arguments on their way to a node: numbers checked as the
// engine checks them, typed arrays checked against the kernel's view types
// (each array travels once, however often it is passed), and per-member
// scratch, which the producer cannot size: only the node knows its team.

import { describe, rangeError, typeError } from '../errors.js'
import { checkArgumentList, checkScalar } from '../kernels/arguments.js'
import type { KernelSpec } from '../kernels/catalog.js'
import { isPointer, isViewOf, VIEW_ARRAYS, VIEW_TYPES, viewText, type ViewType } from '../kernels/vocabulary.js'
import type { ParallelArg } from './jobs.js'
import type { Numeric } from './payloads.js'

/** The typed array constructors a kernel's views take. */
export type NumericType = new (length: number) => Numeric

/** A scratch argument of ClusterPool.parallel: see perMember. */
export class PerMember {
  /** @internal Use perMember(Type, elements). */
  constructor(readonly Type: NumericType, readonly elements: number) {}
}

/**
 * A scratch argument of `ClusterPool.parallel`: a zeroed view of `Type` made
 * on the node that runs the call, with `elements` elements for each member of
 * its team (`elements × threadCount()` in all: the producer does not know the
 * team's size), freed there after the run; it does not travel back.
 */
export function perMember(Type: NumericType, elements: number): PerMember {
  if (!(VIEW_ARRAYS as readonly unknown[]).includes(Type)) {
    throw typeError('perMember Type', `a typed array constructor a kernel takes (${VIEW_ARRAYS.map((View) => View.name).join(', ')})`, Type)
  }
  if (!Number.isInteger(elements) || elements < 1 || elements > 2 ** 31 - 1) throw rangeError('perMember elements', 'an integer in [1, 2^31)', elements)
  return new PerMember(Type, elements)
}

/** A phased call's arguments as a job carries them, and the arrays it sends (in `{ array: i }` order). */
export interface PackedArgs {
  readonly args: readonly ParallelArg[]
  readonly arrays: readonly Numeric[]
}

/** Checks `args` against phased kernel `spec` (a TypeError or RangeError naming the argument) and packs them. */
export function packParallelArgs(spec: KernelSpec, args: unknown): PackedArgs {
  checkArgumentList(spec, args)
  const arrays: Numeric[] = []
  const packed = spec.params.map((param, i): ParallelArg => {
    const value = args[i]
    if (!isPointer(param)) return checkScalar(spec, param, value)
    const what = `${spec.name} argument ${param.name}`
    if (value instanceof PerMember) {
      if (!isViewOf(param.type, new value.Type(0))) throw typeError(what, `${viewText(param.type)}, or perMember of one`, `perMember(${value.Type.name}, ${value.elements})`)
      return { scratch: VIEW_TYPES[param.type].element, perMember: value.elements }
    }
    if (!isViewOf(param.type, value)) throw typeError(what, `${viewText(param.type)}, or perMember of one`, value)
    const index = arrays.indexOf(value)
    if (index >= 0) return { array: index }
    arrays.push(value)
    return { array: arrays.length - 1 }
  })
  return { args: packed, arrays }
}

/** The view type array `index` of a job is loaded as: that of the first parameter it is passed as. */
export function arrayTypes(spec: KernelSpec, args: readonly ParallelArg[]): ViewType[] {
  const types: ViewType[] = []
  args.forEach((arg, i) => {
    const param = spec.params[i]
    if (typeof arg === 'object' && 'array' in arg && param && isPointer(param)) types[arg.array] ??= param.type
  })
  return types
}

/** Copies each returned array (null: unchanged) into the caller's, all at once after every one has arrived. */
export function copyBack(arrays: readonly Numeric[], results: readonly (Numeric | null)[]): void {
  if (results.length !== arrays.length) throw new Error(`the node returned ${results.length} arrays for ${arrays.length}`)
  results.forEach((result, i) => {
    if (result && result.length !== arrays[i]!.length) throw new Error(`the node returned ${describe(result)} for ${describe(arrays[i])}`)
  })
  results.forEach((result, i) => { if (result) arrays[i]!.set(result) })
}
