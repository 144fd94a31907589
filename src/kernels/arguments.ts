// Checks a call against its kernel's catalog entry and turns the arguments into
// the numbers the kernel receives (views become byte addresses). Every message
// names the kernel, the argument and what was expected.

import { describe, rangeError, typeError } from '../errors.js'
import type { SharedMemory } from '../memory/shared-memory.js'
import { isPointer, type KernelSpec, type Param, type PointerParam, type ScalarType } from './catalog.js'

/** Largest region: kernel indices are i32. */
export const MAX_LENGTH = 2 ** 31 - 1

const viewTypes = { 'f64*': Float64Array, 'u32*': Uint32Array, 'i32*': Int32Array } as const

const scalarRanges: Record<ScalarType, { min: number; max: number; integer: boolean; text: string }> = {
  i32: { min: -(2 ** 31), max: 2 ** 31 - 1, integer: true, text: 'an integer in [-2^31, 2^31)' },
  u32: { min: 0, max: 2 ** 32 - 1, integer: true, text: 'an integer in [0, 2^32)' },
  f64: { min: -Infinity, max: Infinity, integer: false, text: 'a number' },
}

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
  if (!Array.isArray(args)) throw typeError(`args of ${spec.name}`, `an array [${spec.params.map((p) => p.name).join(', ')}]`, args)
  if (args.length !== spec.params.length) {
    throw new TypeError(`${signature(spec)} takes ${spec.params.length} argument${spec.params.length === 1 ? '' : 's'}, got ${args.length}`)
  }
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

/**
 * Checks one scalar argument against its type's range and the parameter's own
 * bounds; `what` names it in the message (default: "<kernel> argument <name>").
 */
export function checkScalar(spec: KernelSpec, param: Param & { type: ScalarType; min?: number; max?: number }, value: unknown,
  what = `${spec.name} argument ${param.name}`): number {
  const range = scalarRanges[param.type]
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
  const Type = viewTypes[param.type]
  if (!(value instanceof Type)) throw typeError(what, `a ${Type.name} from engine.alloc`, value)
  const address = memory.address(value, what)
  const needed = param.elements(n, scalars)
  if (value.length < needed) {
    throw new RangeError(`${what} must hold at least ${needed} elements for n = ${n}, got ${describe(value)}`)
  }
  return address
}
