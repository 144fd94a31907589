// The kernels one engine can run: the built-in catalog, or the kernels a user
// describes for their own module. Numbers kernels (a region names its kernel
// by index) and checks each call's kernel against the operation.

import { rangeError, typeError } from '../errors.js'
import { INTERNAL_KERNELS, allKernels as builtins, type CombineOp, type KernelSpec } from './catalog.js'
import { isPointer, isScalarType, isViewType, PARAM_TYPES, type Param } from './vocabulary.js'

export type Operation = 'parallelFor' | 'reduce' | 'map' | 'any'
export type NumberedSpec = KernelSpec & { readonly id: number }

/** How a user describes a kernel of their own module (see README, "Your own kernels"). */
export interface KernelDescription {
  /** 'range' (default): f(...args, begin, end); 'item': f(...args) → number. */
  readonly kind?: 'range' | 'item'
  /** Parameter types in order ('f64', 'i32', 'u32', or a view of n elements: 'f64*', 'f32*', 'u32*', 'i32*', 'u8*'), or full Param objects. */
  readonly params?: readonly (string | Param)[]
  /** A range kernel that returns a partial result: how partials combine. */
  readonly reduce?: CombineOp
  /** What the indices count, for messages (default 'indices'). */
  readonly indices?: string
}

function describeParam(kernel: string, param: string | Param, i: number): Param {
  if (typeof param === 'string') {
    if (isScalarType(param)) return { name: `arg${i}`, type: param }
    if (isViewType(param)) return { name: `arg${i}`, type: param, elements: (n: number) => n }
  } else if (param !== null && typeof param === 'object' && typeof param.name === 'string' &&
    (isScalarType(param.type) || (isViewType(param.type) && typeof (param as { elements?: unknown }).elements === 'function'))) {
    return param
  }
  throw typeError(`module.kernels.${kernel}.params[${i}]`, `one of ${PARAM_TYPES.join(', ')} (or a Param object)`, param)
}

export class KernelSet {
  /** Export names in id order. */
  readonly names: readonly string[]
  private readonly specs: Map<string, NumberedSpec>

  constructor(specs: Readonly<Record<string, KernelSpec>>) {
    this.names = Object.keys(specs)
    this.specs = new Map(this.names.map((name, id) => [name, { ...specs[name]!, name, id }]))
  }

  /** The built-in kernels of sabre.wasm. */
  static builtin(): KernelSet {
    return new KernelSet(builtins)
  }

  /** Kernels described by a user for their own module. */
  static describe(descriptions: unknown): KernelSet {
    if (descriptions === null || typeof descriptions !== 'object' || Array.isArray(descriptions)) {
      throw typeError('module.kernels', 'an object { kernelName: { kind?, params, reduce? } }', descriptions)
    }
    const specs: Record<string, KernelSpec> = {}
    for (const [name, description] of Object.entries(descriptions as Record<string, KernelDescription>)) {
      if (description === null || typeof description !== 'object') throw typeError(`module.kernels.${name}`, 'an object { kind?, params, reduce? }', description)
      const { kind = 'range', params = [], reduce, indices = kind === 'item' ? 'items' : 'indices' } = description
      if (kind !== 'range' && kind !== 'item') throw typeError(`module.kernels.${name}.kind`, "'range' or 'item'", kind)
      if (!Array.isArray(params)) throw typeError(`module.kernels.${name}.params`, 'an array of parameter types', params)
      const described = params.map((param, i) => describeParam(name, param, i))
      if (kind === 'item' && described.some(isPointer)) throw new TypeError(`module.kernels.${name}: an item kernel takes numbers only, not views`)
      if (reduce !== undefined && !['sum', 'min', 'max'].includes(reduce)) throw typeError(`module.kernels.${name}.reduce`, "'sum', 'min' or 'max'", reduce)
      specs[name] = {
        name, kind, indices, params: described,
        ...(reduce && { reduce: { partial: 'return', ops: [reduce], finish: (lanes: Float64Array) => lanes[0]! } }),
      }
    }
    if (Object.keys(specs).length === 0) throw new RangeError('module.kernels must describe at least one kernel')
    return new KernelSet(specs)
  }

  /** Wasm parameters each kernel's export must have: its params, a partial slot if it has one, then begin and end for range kernels. */
  arity(name: string): number {
    const spec = this.specs.get(name)!
    const slot = spec.reduce && spec.reduce.partial !== 'return' ? 1 : 0
    return spec.params.length + slot + (spec.kind === 'item' ? 0 : 2)
  }

  /** The kernel called `kernel`, checked to suit `operation`. */
  lookUp(kernel: unknown, operation: Operation): NumberedSpec {
    if (typeof kernel !== 'string') throw typeError('kernel', 'a kernel name (string)', kernel)
    const spec = this.specs.get(kernel)
    if (!spec) throw rangeError('kernel', `one of ${this.names.filter((name) => !INTERNAL_KERNELS.has(name)).join(', ')}`, kernel)
    const kind = spec.kind === 'item' ? 'map' : spec.reduce ? 'reduce' : 'parallelFor'
    if (operation !== 'any' && kind !== operation) {
      const what = { parallelFor: 'a range kernel', reduce: 'a reduction', map: 'an item kernel' }[kind]
      const use = { parallelFor: 'engine.parallelFor', reduce: 'engine.reduce', map: 'engine.map, a Pool or an Executor' }[kind]
      throw new TypeError(`kernel ${kernel} is ${what}: call ${use}`)
    }
    return spec
  }
}
