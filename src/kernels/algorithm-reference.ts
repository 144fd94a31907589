// Plain TypeScript references for the algorithms (engine.sort, sortByKey,
// scan, compact, filter): the same arguments and results, serial, on any
// typed arrays. Tests check the engine against these; benches time them.
// A float sum scan follows the engine's fixed blocks (algorithm-kernels.ts),
// so it is the same bits, not merely close.

import { scanBlock } from './algorithm-kernels.js'
import type { CombineOp } from './vocabulary.js'

type Numbers = Float64Array<ArrayBufferLike> | Float32Array<ArrayBufferLike> | Int32Array<ArrayBufferLike> | Uint32Array<ArrayBufferLike>
type Comparison = '<' | '<=' | '>' | '>=' | '==' | '!='

/** `op` on two elements of `Type`, rounded or wrapped as a store into that typed array would. */
export function scanCombiner(op: CombineOp, Type: Function): (a: number, b: number) => number {
  if (op === 'min') return Math.min
  if (op === 'max') return Math.max
  if (Type === Float32Array) return (a, b) => Math.fround(a + b)
  if (Type === Int32Array) return (a, b) => (a + b) | 0
  if (Type === Uint32Array) return (a, b) => (a + b) >>> 0
  return (a, b) => a + b
}

/** The identity of `op` over `Type`'s values: what a scan of nothing gives, and an exclusive scan starts from. */
export function scanIdentity(op: CombineOp, Type: Function): number {
  if (op === 'sum') return 0
  const min = op === 'min'
  if (Type === Int32Array) return min ? 2 ** 31 - 1 : -(2 ** 31)
  if (Type === Uint32Array) return min ? 2 ** 32 - 1 : 0
  return min ? Infinity : -Infinity
}

/** A comparator for TypedArray.prototype.sort's order (−0 before +0, NaN after everything), or its reverse with NaN still last. */
function order(descending: boolean): (a: number, b: number) => number {
  return (a, b) => {
    const [nanA, nanB] = [Number.isNaN(a), Number.isNaN(b)]
    if (nanA || nanB) return Number(nanA) - Number(nanB)
    const up = a < b || (Object.is(a, -0) && Object.is(b, 0)) ? -1 : a > b || (Object.is(a, 0) && Object.is(b, -0)) ? 1 : 0
    return descending ? -up : up
  }
}

/** Sorts xs in place as engine.sort does. */
export function sort(xs: Numbers, options: { descending?: boolean } = {}): void {
  xs.sort()
  if (options.descending) {
    let end = xs.length
    while (end > 0 && Number.isNaN(xs[end - 1])) end--
    xs.subarray(0, end).reverse()
  }
}

/** Sorts keys in place as engine.sortByKey does and moves values with them; equal keys keep their order. */
export function sortByKey(keys: Numbers, values: Numbers, options: { descending?: boolean } = {}): void {
  const compare = order(options.descending === true)
  // Array.prototype.sort is stable.
  const indices = Array.from(keys, (_, i) => i).sort((i, j) => compare(keys[i]!, keys[j]!))
  const [k, v] = [keys.slice(), values.slice()]
  indices.forEach((from, to) => {
    keys[to] = k[from]!
    values[to] = v[from]!
  })
}

/** Scans src into dst as engine.scan does (dst may be src); returns the total. */
export function scan(src: Numbers, dst: Numbers, options: { op?: CombineOp; exclusive?: boolean } = {}): number {
  const { op = 'sum', exclusive = false } = options
  const Type = src.constructor
  const combine = scanCombiner(op, Type)
  const block = scanBlock(src.length)
  // Block totals from the identity, combined in block order into each block's carry-in.
  let carry = scanIdentity(op, Type)
  const carries: number[] = []
  for (let lo = 0; lo < src.length; lo += block) {
    // Four running totals, by index in the block mod 4 (assembly/scan.ts, blockTotal).
    const lanes = [0, 1, 2, 3].map(() => scanIdentity(op, Type))
    for (let i = lo; i < Math.min(src.length, lo + block); i++) lanes[(i - lo) & 3] = combine(lanes[(i - lo) & 3]!, src[i]!)
    const total = combine(combine(lanes[0]!, lanes[1]!), combine(lanes[2]!, lanes[3]!))
    carries.push(carry)
    carry = combine(carry, total)
  }
  let acc = scanIdentity(op, Type)
  for (let lo = 0, b = 0; lo < src.length; lo += block, b++) {
    acc = carries[b]!
    const hi = Math.min(src.length, lo + block)
    let i = lo
    // Groups of four from the block's start: their own prefixes first, then each onto the carry (assembly/scan.ts, rescan).
    for (; i + 4 <= hi; i += 4) {
      const [x0, x1, x2, x3] = [src[i]!, src[i + 1]!, src[i + 2]!, src[i + 3]!]
      const s1 = combine(x0, x1)
      const s2 = combine(s1, x2)
      const s3 = combine(s2, x3)
      const out = exclusive ? [acc, combine(acc, x0), combine(acc, s1), combine(acc, s2)] : [combine(acc, x0), combine(acc, s1), combine(acc, s2)]
      acc = combine(acc, s3)
      if (!exclusive) out.push(acc)
      for (let k = 0; k < 4; k++) dst[i + k] = out[k]!
    }
    for (; i < hi; i++) {
      const x = src[i]!
      if (exclusive) dst[i] = acc
      acc = combine(acc, x)
      if (!exclusive) dst[i] = acc
    }
  }
  return acc
}

/** Copies src[i] where mask[i] !== 0 to the front of dst, in order; returns the count. */
export function compact(src: Numbers, dst: Numbers, mask: Uint8Array<ArrayBufferLike>): number {
  let count = 0
  for (let i = 0; i < src.length; i++) if (mask[i] !== 0) dst[count++] = src[i]!
  return count
}

const comparisons: Record<Comparison, (x: number, value: number) => boolean> = {
  '<': (x, v) => x < v, '<=': (x, v) => x <= v, '>': (x, v) => x > v,
  '>=': (x, v) => x >= v, '==': (x, v) => x === v, '!=': (x, v) => x !== v,
}

/** Copies src[i] where src[i] <op> value to the front of dst, in order; returns the count. */
export function filter(src: Numbers, dst: Numbers, options: { op: Comparison; value: number }): number {
  const keep = comparisons[options.op]
  let count = 0
  for (let i = 0; i < src.length; i++) if (keep(src[i]!, options.value)) dst[count++] = src[i]!
  return count
}
