// Items for item kernels (map, Pool, Executor): checks them against the
// kernel's parameters and packs them as f64 rows, `arity` numbers per item.

import { describe, typeError } from '../errors.js'
import { checkScalar } from '../kernels/arguments.js'
import type { KernelSpec } from '../kernels/catalog.js'
import type { ScalarParam } from '../kernels/vocabulary.js'

/** Checks one argument of an item kernel; `where` says which item it belongs to. */
export const checkItemValue = (spec: KernelSpec, param: ScalarParam, value: unknown, where: string): number =>
  checkScalar(spec, param, value, `${spec.name} ${param.name} of ${where}`)

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
