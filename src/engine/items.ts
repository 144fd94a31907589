// Items for item kernels (map, Pool, Executor): checks them against the
// kernel's parameters and packs them as f64 rows, `arity` numbers per item.

import { describe, rangeError, typeError } from '../errors.js'
import type { KernelSpec, ScalarParam } from '../kernels/catalog.js'

const ranges = {
  i32: { min: -(2 ** 31), max: 2 ** 31 - 1, integer: true },
  u32: { min: 0, max: 2 ** 32 - 1, integer: true },
  f64: { min: -Infinity, max: Infinity, integer: false },
} as const

/** Checks one argument of an item kernel; `where` says which item it belongs to. */
export function checkItemValue(spec: KernelSpec, param: ScalarParam, value: unknown, where: string): number {
  const what = `${spec.name} ${param.name} of ${where}`
  if (typeof value !== 'number') throw typeError(what, `a number (${param.type})`, value)
  const range = ranges[param.type]
  if ((range.integer && !Number.isInteger(value)) || value < range.min || value > range.max) {
    throw rangeError(what, range.integer ? `an integer in [${range.min}, ${range.max}] (${param.type})` : 'a number', value)
  }
  if (param.min !== undefined && value < param.min) throw rangeError(what, `>= ${param.min}`, value)
  if (param.max !== undefined && value > param.max) throw rangeError(what, `<= ${param.max}`, value)
  return value
}

/**
 * Packs `items` for an item kernel of arity k: numbers when k is 1, tuples
 * (arrays of k numbers) otherwise; `tuples` forces the tuple form (starmap).
 */
export function packItems(spec: KernelSpec, items: unknown, tuples: boolean): Float64Array {
  const params = spec.params as readonly ScalarParam[]
  const arity = params.length
  if (items === null || typeof items !== 'object' || typeof (items as ArrayLike<unknown>).length !== 'number') {
    throw typeError(`items for ${spec.name}`, 'an array (or array-like) of items', items)
  }
  const list = items as ArrayLike<unknown>
  const packed = new Float64Array(list.length * arity)
  const asTuples = tuples || arity !== 1
  for (let i = 0; i < list.length; i++) {
    const item = list[i]
    if (!asTuples) {
      packed[i] = checkItemValue(spec, params[0]!, item, `item ${i}`)
      continue
    }
    if (item === null || typeof item !== 'object' || typeof (item as ArrayLike<unknown>).length !== 'number') {
      throw typeError(`item ${i} of ${spec.name}`, `a tuple of ${arity} numbers (${params.map((p) => p.name).join(', ')})`, item)
    }
    const tuple = item as ArrayLike<unknown>
    if (tuple.length !== arity) {
      throw new TypeError(`item ${i} of ${spec.name} must be a tuple of ${arity} numbers (${params.map((p) => p.name).join(', ')}), got ${describe(item)}`)
    }
    for (let k = 0; k < arity; k++) packed[i * arity + k] = checkItemValue(spec, params[k]!, tuple[k], `item ${i}`)
  }
  return packed
}

/** Python's default chunksize: items / (4 · workers), rounded up. */
export const defaultChunksize = (items: number, threads: number): number => Math.max(1, Math.ceil(items / (threads * 4)))
