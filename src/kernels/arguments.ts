// Checks a call against its kernel's catalog entry and turns the arguments into
// the numbers the kernel receives (views become byte addresses). Every message
// names the kernel, the argument and what was expected.

import { describe, rangeError, typeError } from '../errors.js'
import type { SharedMemory } from '../memory/shared-memory.js'
import type { KernelSpec } from './catalog.js'
import { isPointer, isViewOf, SCALAR_TYPES, viewText, type Param, type PointerParam, type ScalarType } from './vocabulary.js'

/** Largest region: kernel indices are i32. */
export const MAX_LENGTH = 2 ** 31 - 1

const signature = (spec: KernelSpec): string => `${spec.name}(${spec.params.map((p) => p.name).join(', ')})`

/** Checks n, the region length in the kernel's indices. */
export function checkLength(spec: KernelSpec, n: unknown): number {
  if (typeof n !== 'number') throw typeError(`n (${spec.name} ${spec.indices})`, 'a number', n)
  if (!Number.isInteger(n) || n < 0 || n > MAX_LENGTH) {
    throw rangeError(`n (${spec.name} ${spec.indices})`, `an integer in [0, ${MAX_LENGTH}]`, n)
  }
  return n
}

/** Validates `args` for a region of n indices; returns them as numbers for the kernel. */
export function marshalArguments(spec: KernelSpec, n: number, args: unknown, memory: SharedMemory): number[] {
  checkArgumentList(spec, args)
  const scalars: Record<string, number> = {}
  spec.params.forEach((param, i) => {
    if (!isPointer(param)) scalars[param.name] = checkScalar(spec, param, args[i])
  })
  const values = spec.params.map((param, i) =>
    isPointer(param) ? checkPointer(spec, param, args[i], n, scalars, memory) : scalars[param.name]!)
  const limit = spec.maxLength?.(scalars)
  if (limit && n > limit.value) {
    throw new RangeError(`n (${spec.name} ${spec.indices}) must be <= ${limit.why} (${limit.value}), got ${n}`)
  }
  return values
}

/** Checks that `args` is an array of as many arguments as `spec` has parameters. */
export function checkArgumentList(spec: KernelSpec, args: unknown): asserts args is readonly unknown[] {
  if (!Array.isArray(args)) throw typeError(`args of ${spec.name}`, `an array [${spec.params.map((p) => p.name).join(', ')}]`, args)
  if (args.length !== spec.params.length) {
    throw new TypeError(`${signature(spec)} takes ${spec.params.length} argument${spec.params.length === 1 ? '' : 's'}, got ${args.length}`)
  }
}

/**
 * Checks one scalar argument against its type's range and the parameter's own
 * bounds; `what` names it in the message (default: "<kernel> argument <name>").
 */
export function checkScalar(spec: KernelSpec, param: Param & { type: ScalarType; min?: number; max?: number }, value: unknown,
  what = `${spec.name} argument ${param.name}`): number {
  const range = SCALAR_TYPES[param.type]
  if (typeof value !== 'number') throw typeError(what, `${range.text} (${param.type})`, value)
  if ((range.integer && !Number.isInteger(value)) || value < range.min || value > range.max) {
    throw rangeError(what, `${range.text} (${param.type})`, value)
  }
  if (param.min !== undefined && value < param.min) throw rangeError(what, `>= ${param.min}`, value)
  if (param.max !== undefined && value > param.max) throw rangeError(what, `<= ${param.max}`, value)
  return value
}

function checkPointer(
  spec: KernelSpec, param: PointerParam, value: unknown, n: number,
  scalars: Record<string, number>, memory: SharedMemory,
): number {
  const what = `${spec.name} argument ${param.name}`
  if (!isViewOf(param.type, value)) throw typeError(what, `${viewText(param.type)} from engine.alloc`, value)
  const address = memory.address(value, what)
  const needed = param.elements(n, scalars)
  if (value.length < needed) {
    throw new RangeError(`${what} must hold at least ${needed} elements for n = ${n}, got ${describe(value)}`)
  }
  return address
}
