// The kernels one engine can run: the built-in catalog, or the kernels a user
// describes for their own module (inline, or in the file `sabre compile`
// writes). Checks a description (the one check there is: description.ts reads
// files through it), numbers kernels (a region names its kernel by index) and
// checks each call's kernel against the operation.

import { rangeError, typeError } from '../errors.js'
import { INTERNAL_KERNELS, allKernels as builtins, type KernelSpec } from './catalog.js'
import {
  COMBINE_NAMES, isCombineOp, isKernelKind, isPointer, isScalarType, isViewType, KERNEL_KINDS, kindOf, KIND_NAMES,
  PARAM_TYPES, quoted, type CombineOp, type KernelKind, type Param,
} from './vocabulary.js'

/** What a call asks of its kernel: one of the kinds' operations, a reduction, or anything (runAll). */
export type Operation = (typeof KERNEL_KINDS)[KernelKind]['operation'] | 'reduce' | 'any'
export type NumberedSpec = KernelSpec & { readonly id: number }

/** How a user describes a kernel of their own module (see README, "Your own kernels"). */
export interface KernelDescription {
  /** 'range' (default): f(...args, begin, end); 'item': f(...args) → number; 'phased': f(...args) once per member (engine.parallel). */
  readonly kind?: KernelKind
  /** Parameter types in order ('f64', 'i32', 'u32', or a view of n elements: 'f64*', 'f32*', 'u32*', 'i32*', 'u8*'), or full Param objects. */
  readonly params?: readonly (string | Param)[]
  /** Parameter names, for messages (default arg0, arg1, …; a Param object names itself). */
  readonly names?: readonly string[]
  /** A range kernel that returns a partial result: how partials combine ('sum', 'min', 'max'). */
  readonly reduce?: CombineOp
  /** What the indices count, for messages (default 'indices', or 'items'). */
  readonly indices?: string
}

const FIELDS = '{ kind?, params, names?, reduce? }'
const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value)

/** One parameter, as a type name (named `name`) or a Param object; a view of a kernel with a range must hold n elements. */
function describeParam(at: string, param: unknown, name: string, sized: boolean): Param {
  if (isScalarType(param)) return { name, type: param }
  if (isViewType(param)) return { name, type: param, elements: sized ? (n: number) => n : () => 0 }
  if (isRecord(param) && typeof param.name === 'string' &&
    (isScalarType(param.type) || (isViewType(param.type) && typeof param.elements === 'function'))) {
    return param as unknown as Param
  }
  throw typeError(at, `one of ${PARAM_TYPES.join(', ')} (or a Param object)`, param)
}

/** Checks one kernel's description; `at` names it in messages ("module.kernels.fill"). */
function describeKernel(at: string, name: string, description: unknown): KernelSpec {
  if (!isRecord(description)) throw typeError(at, `an object ${FIELDS}`, description)
  const { kind = 'range', params = [], names, reduce } = description
  if (!isKernelKind(kind)) throw typeError(`${at}.kind`, quoted(KIND_NAMES), kind)
  if (!Array.isArray(params)) throw typeError(`${at}.params`, 'an array of parameter types', params)
  if (names !== undefined && (!Array.isArray(names) || names.length !== params.length || names.some((n) => typeof n !== 'string'))) {
    throw typeError(`${at}.names`, `an array of ${params.length} parameter names`, names)
  }
  const described = params.map((param: unknown, i) =>
    describeParam(`${at}.params[${i}]`, param, (names as string[] | undefined)?.[i] ?? `arg${i}`, !KERNEL_KINDS[kind].team))
  if (!KERNEL_KINDS[kind].views && described.some(isPointer)) throw new TypeError(`${at}: ${KERNEL_KINDS[kind].what} takes numbers only, not views`)
  if (reduce !== undefined && !isCombineOp(reduce)) throw typeError(`${at}.reduce`, quoted(COMBINE_NAMES), reduce)
  const indices = typeof description.indices === 'string' ? description.indices : KERNEL_KINDS[kind].indices
  return {
    name, kind, indices, params: described,
    ...(reduce && { reduce: { partial: 'return', ops: [reduce], finish: (lanes: Float64Array) => lanes[0]! } }),
  }
}

/** Tables made by KernelSet.described, and their sets: a module is described once, whoever starts with it. */
const described = new WeakMap<object, KernelSet>()

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

  /**
   * Kernels described by a user for their own module: checked, each message
   * naming `where` and the field. A table from `described` is not checked
   * again: its set is looked up.
   */
  static describe(descriptions: unknown, where = 'module.kernels'): KernelSet {
    const known = isRecord(descriptions) ? described.get(descriptions) : undefined
    if (known) return known
    if (!isRecord(descriptions)) throw typeError(where, `an object { kernelName: ${FIELDS} }`, descriptions)
    const specs: Record<string, KernelSpec> = {}
    for (const [name, description] of Object.entries(descriptions)) specs[name] = describeKernel(`${where}.${name}`, name, description)
    if (Object.keys(specs).length === 0) throw new RangeError(`${where} must describe at least one kernel`)
    return new KernelSet(specs)
  }

  /**
   * `descriptions` checked (as describe does) and returned as a new frozen
   * table, each parameter a Param named as in the source: what loadKernels
   * and a cluster node hand Engine.start. Describing that table again (an
   * engine, a node's job checks) looks its set up instead of checking again.
   */
  static described(descriptions: unknown, where?: string): Readonly<Record<string, KernelDescription>> {
    if (isRecord(descriptions) && described.has(descriptions)) return descriptions as Readonly<Record<string, KernelDescription>>
    const set = KernelSet.describe(descriptions, where)
    const table: Record<string, KernelDescription> = {}
    for (const spec of set.specs.values()) {
      table[spec.name] = Object.freeze({
        kind: spec.kind ?? 'range', indices: spec.indices, params: Object.freeze([...spec.params]),
        ...(spec.reduce && { reduce: spec.reduce.ops[0]! }),
      })
    }
    described.set(Object.freeze(table), set)
    return table
  }

  /** Wasm parameters each kernel's export must have: its params, a partial slot if it has one, then the bounds its kind appends. */
  arity(name: string): number {
    const spec = this.specs.get(name)!
    const slot = spec.reduce && spec.reduce.partial !== 'return' ? 1 : 0
    return spec.params.length + slot + kindOf(spec).bounds.length
  }

  /** Kernels a member calls once at boot with an empty range, so V8 compiles them early: all but those that need the whole team. */
  get warm(): readonly string[] {
    return this.names.filter((name) => !kindOf(this.specs.get(name)!).team)
  }

  /** The kernel called `name`, whatever its kind, or undefined. */
  find(name: string): NumberedSpec | undefined {
    return this.specs.get(name)
  }

  /** The kernel called `kernel`, checked to suit `operation`. */
  lookUp(kernel: unknown, operation: Operation): NumberedSpec {
    if (typeof kernel !== 'string') throw typeError('kernel', 'a kernel name (string)', kernel)
    const spec = this.specs.get(kernel)
    if (!spec) throw rangeError('kernel', `one of ${this.names.filter((name) => !INTERNAL_KERNELS.has(name)).join(', ')}`, kernel)
    const kind = kindOf(spec)
    const runs = spec.reduce ? 'reduce' : kind.operation
    // A phased kernel waits for its team mates: run alone (runAll, an Executor) it would wait for ever.
    if ((operation !== 'any' || kind.team) && runs !== operation) {
      throw new TypeError(spec.reduce ? `kernel ${kernel} is a reduction: call engine.reduce` : `kernel ${kernel} is ${kind.what}: call ${kind.call}`)
    }
    return spec
  }
}
